import Foundation

/// What happened when the notification-controller handed one event to one provider.
public struct Delivery: Codable, Sendable, Hashable {
    /// How a delivery ended.
    public enum Outcome: String, Codable, Sendable, Hashable, CaseIterable {
        /// The provider accepted the notification.
        case delivered
        /// Every attempt failed, or the provider refused it for good.
        case failed
        /// Nothing was sent: the provider had nothing to say about this event (a commit status without a revision).
        case skipped
    }

    /// The position in the delivery log, assigned on append; `nil` before.
    public var id: Int64?
    /// The event delivered, by its id in the event log.
    public var eventID: Int64
    /// The Alert that matched, `namespace/name`.
    public var alert: String
    /// The Provider posted to, `namespace/name`.
    public var provider: String
    /// The Provider's `spec.type`, such as `slack`.
    public var providerType: String
    /// How it ended.
    public var outcome: Outcome
    /// How many requests were sent.
    public var attempts: Int
    /// The last HTTP status the provider answered, when it answered.
    public var statusCode: Int?
    /// Why it failed, when it did.
    public var error: String?
    /// When it ended.
    public var deliveredAt: Date

    /// A delivery record; ``id`` stays `nil` until the store assigns it.
    public init(id: Int64? = nil, eventID: Int64, alert: String, provider: String, providerType: String, outcome: Outcome,
                attempts: Int, statusCode: Int? = nil, error: String? = nil, deliveredAt: Date = Date())
    {
        self.id = id
        self.eventID = eventID
        self.alert = alert
        self.provider = provider
        self.providerType = providerType
        self.outcome = outcome
        self.attempts = attempts
        self.statusCode = statusCode
        self.error = error
        self.deliveredAt = deliveredAt
    }
}
