import SluiceCore
import SluiceStore

/// `alertmanager`: one alert in Alertmanager's `POST /api/v2/alerts` format, labelled as Flux labels it.
struct AlertmanagerProvider: NotificationProvider {
    let settings: ProviderSettings
    let address: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        address = try settings.requireAddress()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        var labels: JSONObject = [
            "alertname": .string("Flux\(event.involvedObject.kind)\(event.reason)"),
            "severity": .string(event.severity.rawValue),
            "reason": .string(event.reason),
            "kind": .string(event.involvedObject.kind),
            "name": .string(event.involvedObject.name),
            "namespace": .string(event.involvedObject.namespace ?? ""),
            "reportingController": .string(event.reportingController),
        ]
        for (key, value) in event.sortedMetadata where key != "summary" { labels[key] = .string(value) }
        var annotations: JSONObject = ["message": .string(event.message)]
        if let summary = event.metadata?["summary"] { annotations["summary"] = .string(summary) }
        let alerts: JSONValue = [[
            "labels": .object(labels),
            "annotations": .object(annotations),
            "status": "firing",
            "startsAt": .string(Timestamp.rfc3339(event.timestamp)),
        ]]
        var headers = settings.headerFields
        if let token = settings.token, !token.isEmpty { headers.append(.init("Authorization", "Bearer \(token)")) }
        return ProviderRequest(url: address, headers: headers, body: JSONSerializer().bytes(alerts))
    }
}
