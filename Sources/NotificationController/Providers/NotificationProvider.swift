import SluiceStore

/// One kind of notification destination (Flux's provider types): turns an event into the HTTP request its service expects.
///
/// Sending, timeouts, proxies, CAs and retries are shared (``DeliveryClient``); a provider only shapes the request.
public protocol NotificationProvider: Sendable {
    /// The request that posts `event`, or `nil` when this provider has nothing to send for it (a commit status without a revision).
    ///
    /// - Throws: ``ProviderError`` when the event cannot be sent to this provider.
    func request(for event: Event) throws -> ProviderRequest?
}
