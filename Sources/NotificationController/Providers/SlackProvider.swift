import SluiceStore

/// `slack`: an incoming-webhook post, or `chat.postMessage` with the Secret's token as a bearer token.
struct SlackProvider: NotificationProvider {
    let settings: ProviderSettings
    let address: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        address = try settings.requireAddress()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        var headers = settings.headerFields
        if let token = settings.token, !token.isEmpty { headers.append(.init("Authorization", "Bearer \(token)")) }
        return ProviderRequest(url: address, headers: headers,
                               body: SlackPayload.body(for: event, username: settings.username, channel: settings.channel))
    }
}
