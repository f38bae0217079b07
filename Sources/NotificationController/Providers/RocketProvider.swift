import SluiceStore

/// `rocket`: Rocket.Chat's incoming webhook, which takes Slack's message format.
struct RocketProvider: NotificationProvider {
    let settings: ProviderSettings
    let address: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        address = try settings.requireAddress()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        ProviderRequest(url: address, headers: settings.headerFields,
                        body: SlackPayload.body(for: event, username: settings.username, channel: settings.channel))
    }
}
