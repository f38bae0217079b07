import SluiceStore

/// `discord`: the Slack message posted to the webhook's Slack-compatible endpoint (`<address>/slack`), as Flux does.
struct DiscordProvider: NotificationProvider {
    let settings: ProviderSettings
    let url: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        var address = try settings.requireAddress()
        while address.hasSuffix("/") { address.removeLast() }
        url = address.hasSuffix("/slack") ? address : address + "/slack"
    }

    func request(for event: Event) throws -> ProviderRequest? {
        ProviderRequest(url: url, headers: settings.headerFields,
                        body: SlackPayload.body(for: event, username: settings.username, channel: settings.channel))
    }
}
