/// Exponential per-item back-off with a cap, as controller-runtime's rate limiter (Flux's `--min-retry-delay`, `--max-retry-delay`).
public struct Backoff: Sendable {
    /// The first delay.
    public var base: Duration
    /// The largest delay.
    public var cap: Duration

    /// A back-off doubling from `base` up to `cap`.
    public init(base: Duration = .milliseconds(750), cap: Duration = .seconds(900)) {
        self.base = base
        self.cap = cap
    }

    /// The delay before retry number `failures` (1 for the first retry).
    public func delay(failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        let exponent = min(failures - 1, 62)
        let factor = Double(UInt64(1) << UInt64(exponent))
        let seconds = Self.seconds(base) * factor
        return seconds >= Self.seconds(cap) ? cap : .nanoseconds(Int64(seconds * 1e9))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
