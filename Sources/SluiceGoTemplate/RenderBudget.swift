import Foundation
import SluiceCore
import Synchronization

/// Bounds a render in time and lets another thread stop it: the executor counts its steps here and, every
/// ``checkInterval`` steps, looks at the clock and the cancellation flag, so a template that loops for ever
/// (`range` over `until` nested, or an `include` chain that stays under the depth limit but explodes in count)
/// stops with an error instead of holding its thread.
///
/// One budget is shared by every template of a render and by the `include` and `tpl` calls inside them.
public final class RenderBudget: Sendable {
    /// How long the render may take.
    public let timeLimit: Duration
    private let deadline: ContinuousClock.Instant
    private let cancelled = Atomic<Bool>(false)
    private let steps = Atomic<Int>(0)
    /// Steps between two looks at the clock: a look costs a clock read, a step a relaxed atomic add.
    static let checkInterval = 4096

    /// A budget of `timeLimit` from now.
    public init(timeLimit: Duration) {
        self.timeLimit = timeLimit
        self.deadline = ContinuousClock.now.advanced(by: timeLimit)
    }

    /// Asks the render to stop at its next check (a cancelled task, a controller shutting down).
    public func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Whether ``cancel()`` was called.
    public var isCancelled: Bool { cancelled.load(ordering: .relaxed) }

    /// Counts one step; every ``checkInterval`` steps returns why the render must stop, if it must.
    func step() -> String? {
        let count = steps.wrappingAdd(1, ordering: .relaxed).newValue
        guard count % Self.checkInterval == 0 else { return nil }
        return stopReason()
    }

    /// Why the render must stop now (cancelled, or past its deadline), or nil.
    func stopReason() -> String? {
        if isCancelled { return "rendering was cancelled" }
        if ContinuousClock.now >= deadline { return "rendering took longer than its limit of \(Self.describe(timeLimit))" }
        return nil
    }

    /// A duration as Go's `time.Duration` prints it (`2m0s`, `1s`, `500ms`).
    static func describe(_ duration: Duration) -> String {
        let (seconds, overflow) = duration.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return GoDuration(nanoseconds: overflow ? .max : seconds &+ duration.components.attoseconds / 1_000_000_000).description
    }
}
