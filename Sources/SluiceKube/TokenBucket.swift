/// A token bucket's arithmetic, without a clock: `burst` tokens, refilled at `qps` per second.
///
/// Like Go's `rate.Limiter` reservations, a request that finds no token takes
/// one anyway (the balance goes negative) and is told how long to wait, so
/// waiting callers queue fairly. Tested on its own with made-up times.
public struct TokenBucket: Sendable, Equatable {
    /// Tokens added per second.
    public let qps: Double
    /// The bucket's capacity.
    public let burst: Int
    /// The current balance (negative while callers wait).
    public private(set) var tokens: Double
    /// When `tokens` was last brought up to date, in seconds.
    public private(set) var updated: Double

    /// A full bucket at time `now`.
    public init(qps: Double, burst: Int, now: Double = 0) {
        self.qps = qps
        self.burst = max(1, burst)
        self.tokens = Double(max(1, burst))
        self.updated = now
    }

    /// Takes one token at time `now` and returns how many seconds the caller must wait before using it.
    public mutating func reserve(now: Double) -> Double {
        guard qps > 0 else { return 0 }
        if now > updated {
            tokens = min(Double(burst), tokens + (now - updated) * qps)
            updated = now
        }
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / qps
    }
}
