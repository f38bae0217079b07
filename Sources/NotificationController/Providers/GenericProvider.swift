import SluiceStore

/// `generic`: posts the event as Flux's JSON to the address, with the Secret's headers.
struct GenericProvider: NotificationProvider {
    let address: String
    let headers: [ProviderRequest.HeaderField]

    init(settings: ProviderSettings) throws {
        address = try settings.requireAddress()
        headers = settings.headerFields
    }

    func request(for event: Event) throws -> ProviderRequest? {
        ProviderRequest(url: address, headers: headers, body: event.fluxJSON())
    }
}
