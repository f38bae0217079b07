/// How long and how many events the dispatcher keeps in the store once delivered (`--events-retention`, `--events-max`).
///
/// Events every consumer has handled go when older than ``maxAge`` or beyond the newest ``maxCount``; events not yet
/// handled stay, unless the log holds more than ``hardLimit`` (a consumer stalled or gone must not grow the file forever).
public struct EventRetention: Sendable, Hashable {
    /// How long a handled event is kept.
    public var maxAge: Duration
    /// How many handled events are kept at most.
    public var maxCount: Int
    /// How often the dispatcher prunes.
    public var interval: Duration

    /// Four times ``maxCount``: the most events kept even when some consumer has not handled them.
    public var hardLimit: Int { maxCount > Int.max / 4 ? Int.max : maxCount * 4 }

    /// A retention; by default a day and 10,000 events, pruned every minute.
    public init(maxAge: Duration = .seconds(24 * 3600), maxCount: Int = 10_000, interval: Duration = .seconds(60)) {
        self.maxAge = maxAge
        self.maxCount = max(0, maxCount)
        self.interval = interval
    }
}
