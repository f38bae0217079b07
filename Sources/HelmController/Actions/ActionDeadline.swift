/// The time an action may take (`timeout`), shared by its hooks and waits, as Helm's context deadline.
struct ActionDeadline: Sendable {
    /// When the time runs out.
    let instant: ContinuousClock.Instant

    /// A deadline `timeout` from now.
    init(_ timeout: Duration) { instant = .now + timeout }

    /// What is left, never negative.
    var remaining: Duration { max(.zero, instant - .now) }
}
