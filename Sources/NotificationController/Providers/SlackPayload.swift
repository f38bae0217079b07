import SluiceCore
import SluiceStore

/// The Slack message Flux sends, also accepted by Discord's and Rocket.Chat's Slack-compatible webhooks.
///
/// `{"username", "channel", "attachments": [{"color", "author_name", "text", "mrkdwn_in", "fields"}]}` as in
/// Slack's documented legacy-attachment format.
enum SlackPayload {
    /// The JSON body for `event`.
    static func body(for event: Event, username: String?, channel: String?) -> [UInt8] {
        var root: JSONObject = [:]
        if let username, !username.isEmpty { root["username"] = .string(username) }
        if let channel, !channel.isEmpty { root["channel"] = .string(channel) }
        let fields: [JSONValue] = event.sortedMetadata.map { ["title": .string($0.key), "value": .string($0.value), "short": false] }
        var attachment: JSONObject = [
            "color": .string(event.severity == .error ? "danger" : "good"),
            "author_name": .string(event.objectTitle),
            "text": .string(event.message),
            "mrkdwn_in": ["text"],
        ]
        if !fields.isEmpty { attachment["fields"] = .array(fields) }
        root["attachments"] = [.object(attachment)]
        return JSONSerializer().bytes(.object(root))
    }
}
