import SluiceCore
import SluiceStore

/// `googlechat`: a card message (`cards[].header`, `sections[].widgets[]`) to a Google Chat incoming webhook.
struct GoogleChatProvider: NotificationProvider {
    let settings: ProviderSettings
    let address: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        address = try settings.requireAddress()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        var widgets: [JSONValue] = [["textParagraph": ["text": .string(event.message)]]]
        for (key, value) in event.sortedMetadata {
            widgets.append(["keyValue": ["topLabel": .string(key), "content": .string(value)]])
        }
        let message: JSONValue = [
            "cards": [[
                "header": ["title": .string(event.objectTitle), "subtitle": .string(event.severity.rawValue)],
                "sections": [["widgets": .array(widgets)]],
            ]],
        ]
        return ProviderRequest(url: address, headers: settings.headerFields, body: JSONSerializer().bytes(message))
    }
}
