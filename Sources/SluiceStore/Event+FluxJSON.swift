import SluiceCore
extension Event {
    /// The event as the JSON bytes Go's `json.Marshal` writes for Flux's Event.
    ///
    /// Keys come in Go's field order, `metadata` keys sorted, empty optional fields left out, the timestamp
    /// in RFC 3339 to the second in UTC, and strings escaped as Go escapes them (`<`, `>`, `&`, U+2028 and
    /// U+2029 included). This is what the notification-controller posts to webhooks.
    public func fluxJSON() -> [UInt8] {
        var writer = GoJSONWriter()
        writer.beginObject()
        writer.key("involvedObject")
        writer.beginObject()
        for (key, value) in involvedObject.fields where !value.isEmpty {
            writer.key(key.rawValue)
            writer.string(value)
        }
        writer.endObject()
        writer.key("severity")
        writer.string(severity.rawValue)
        writer.key("timestamp")
        writer.string(Timestamp.rfc3339(timestamp))
        writer.key("message")
        writer.string(message)
        writer.key("reason")
        writer.string(reason)
        if let metadata, !metadata.isEmpty {
            writer.key("metadata")
            writer.beginObject()
            for key in metadata.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
                writer.key(key)
                writer.string(metadata[key] ?? "")
            }
            writer.endObject()
        }
        writer.key("reportingController")
        writer.string(reportingController)
        if let reportingInstance, !reportingInstance.isEmpty {
            writer.key("reportingInstance")
            writer.string(reportingInstance)
        }
        writer.endObject()
        return writer.bytes
    }
}
