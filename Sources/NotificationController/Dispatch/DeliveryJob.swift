import SluiceStore

/// One event to hand to one provider for one Alert.
struct DeliveryJob: Sendable {
    /// The event, enriched with the Alert's metadata.
    var event: Event
    /// The event's id in the log.
    var eventID: Int64
    /// The Alert, `namespace/name`.
    var alert: String
    /// The Provider, `namespace/name`.
    var provider: String
    /// The Provider's type.
    var providerType: String
    /// The Provider's settings and implementation, or why there are none.
    var target: Result<(settings: ProviderSettings, provider: any NotificationProvider), any Error>
}
