import SluiceCore
import SluiceStore

/// `msteams`: an Office 365 connector `MessageCard` (`@type`, `@context`, `themeColor`, `summary`, `sections` with `facts`).
struct MSTeamsProvider: NotificationProvider {
    let settings: ProviderSettings
    let address: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        address = try settings.requireAddress()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        let facts: [JSONValue] = event.sortedMetadata.map { ["name": .string($0.key), "value": .string($0.value)] }
        let card: JSONValue = [
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "themeColor": .string(event.severity == .error ? "FF0000" : "0076D7"),
            "summary": .string(event.objectTitle),
            "sections": [[
                "activityTitle": .string(event.message),
                "activitySubtitle": .string(event.objectTitle),
                "facts": .array(facts),
            ]],
        ]
        return ProviderRequest(url: address, headers: settings.headerFields, body: JSONSerializer().bytes(card))
    }
}
