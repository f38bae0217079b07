/// How often and how patiently a delivery is retried.
public struct DeliveryPolicy: Sendable, Hashable {
    /// Requests sent at most, the first included.
    public var maxAttempts: Int
    /// The wait before the first retry; each further wait doubles.
    public var initialBackoff: Duration
    /// The longest wait between two attempts.
    public var maxBackoff: Duration

    /// A policy; by default four attempts over about seven seconds.
    public init(maxAttempts: Int = 4, initialBackoff: Duration = .seconds(1), maxBackoff: Duration = .seconds(30)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    /// The wait after failed attempt number `attempt` (1-based).
    public func backoff(after attempt: Int) -> Duration {
        var wait = initialBackoff
        for _ in 1..<max(1, attempt) {
            wait = wait * 2
            if wait >= maxBackoff { return maxBackoff }
        }
        return min(wait, maxBackoff)
    }

    /// Whether an answer with `status` is worth another attempt: 429 and 5xx are, other answers are final.
    public static func isRetryable(status: Int) -> Bool { status == 429 || status >= 500 }
}
