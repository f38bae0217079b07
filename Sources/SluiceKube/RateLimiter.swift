/// A client-side rate limit shared by every request of one client (client-go's QPS/burst).
public actor RateLimiter {
    private var bucket: TokenBucket
    private let start = ContinuousClock.now

    /// A limiter allowing `qps` requests per second with bursts of `burst`; `qps <= 0` disables it.
    public init(qps: Double, burst: Int) {
        bucket = TokenBucket(qps: qps, burst: burst)
    }

    /// Waits until the caller may send a request.
    public func acquire() async throws {
        let elapsed = ContinuousClock.now - start
        let now = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let delay = bucket.reserve(now: now)
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
    }
}
