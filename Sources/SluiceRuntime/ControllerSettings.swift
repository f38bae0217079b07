/// How a ``Controller`` runs, from its command-line flags.
public struct ControllerSettings: Sendable {
    /// How many objects are reconciled at once (`--concurrent`).
    public var concurrency: Int
    /// Back-off for failed reconciles (`--min-retry-delay`, `--max-retry-delay`).
    public var backoff: Backoff
    /// How much `spec.interval` may vary, in percent, so that objects created together spread out (`--interval-jitter-percentage`).
    public var intervalJitterPercent: Double
    /// Watch only this namespace; `nil` for all (`--watch-all-namespaces=false`).
    public var namespace: String?

    /// Settings with Flux's defaults.
    public init(concurrency: Int = 4, backoff: Backoff = Backoff(), intervalJitterPercent: Double = 5, namespace: String? = nil) {
        self.concurrency = concurrency
        self.backoff = backoff
        self.intervalJitterPercent = intervalJitterPercent
        self.namespace = namespace
    }

    /// `interval` varied by up to ±`intervalJitterPercent`.
    public func jittered(_ interval: Duration) -> Duration {
        guard intervalJitterPercent > 0 else { return interval }
        let factor = 1 + Double.random(in: -intervalJitterPercent...intervalJitterPercent) / 100
        return .nanoseconds(Int64(Backoff.seconds(interval) * factor * 1e9))
    }
}
