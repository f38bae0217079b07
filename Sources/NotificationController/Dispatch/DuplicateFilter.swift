import Foundation
import SluiceStore
import Synchronization

/// Suppresses an event equal to one seen within the interval, keyed as Flux keys its rate limiter: the object, the message and the revision.
public final class DuplicateFilter: Sendable {
    /// How long an event's key suppresses its repeats.
    public let interval: Duration
    private let seen = Mutex([String: ContinuousClock.Instant]())

    /// A filter; an interval of zero lets everything through.
    public init(interval: Duration) { self.interval = interval }

    /// Flux's key for `event`: the object, the message, and the controller's `originRevision`, `revision` and `token`.
    public static func key(_ event: Event) -> String {
        let object = event.involvedObject
        let keyed = ["originRevision", "revision", "token"].map { key in event.objectMetadata(key).map { "\(key)=\($0)" } ?? "" }
        return ([object.kind, object.namespace ?? "", object.name, event.message] + keyed).joined(separator: "\u{0}")
    }

    /// Whether `event` is new (and remembers it), or a repeat within the interval.
    public func admit(_ event: Event, now: ContinuousClock.Instant = .now) -> Bool {
        guard interval > .zero else { return true }
        let key = Self.key(event)
        return seen.withLock { seen in
            if let last = seen[key], now - last < interval { return false }
            if seen.count > 10_000 { seen = seen.filter { now - $0.value < interval } }
            seen[key] = now
            return true
        }
    }
}
