import Synchronization

/// Lets one reconcile request per object and commit through within a window: repeated deliveries of the same push coalesce.
public final class RequestCoalescer: Sendable {
    /// How long a request for an object and commit suppresses its repeats.
    public let window: Duration
    private let recent = Mutex([String: ContinuousClock.Instant]())

    /// A coalescer with `window` (one second by default).
    public init(window: Duration = .seconds(1)) { self.window = window }

    /// Whether to request `object` for `commit` now; `false` when it was requested within the window.
    public func admit(object: String, commit: String, now: ContinuousClock.Instant = .now) -> Bool {
        let key = object + "\u{0}" + commit
        return recent.withLock { recent in
            if let last = recent[key], now - last < window { return false }
            if recent.count > 4_096 { recent = recent.filter { now - $0.value < window } }
            recent[key] = now
            return true
        }
    }
}
