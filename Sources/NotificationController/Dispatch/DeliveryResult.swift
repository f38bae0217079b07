import SluiceStore

/// How sending one request to a provider ended.
public struct DeliveryResult: Sendable, Hashable {
    /// Delivered or failed.
    public var outcome: Delivery.Outcome
    /// Requests sent.
    public var attempts: Int
    /// The last HTTP status, when the provider answered.
    public var statusCode: Int?
    /// Why it failed.
    public var error: String?

    /// A result.
    public init(outcome: Delivery.Outcome, attempts: Int, statusCode: Int? = nil, error: String? = nil) {
        self.outcome = outcome
        self.attempts = attempts
        self.statusCode = statusCode
        self.error = error
    }
}
