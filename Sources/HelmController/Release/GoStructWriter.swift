import SluiceCore

/// Builds the JSON object Go's `json.Marshal` writes for a struct: fields in declaration order, `omitempty` ones left
/// out when empty (`""`, `0`, `false`, an empty slice or map, a nil pointer).
struct GoStructWriter {
    /// The members written so far.
    private(set) var object = JSONObject()

    /// Writes field `name` (always).
    mutating func always(_ name: String, _ value: JSONValue) { object[name] = value }

    /// Writes `omitempty` field `name` unless `value` is empty.
    mutating func omitEmpty(_ name: String, _ value: JSONValue?) {
        switch value {
        case nil, .null?, .string("")?, .int(0)?, .bool(false)?: return
        case .double(let d)? where d == 0: return
        case .array(let elements)? where elements.isEmpty: return
        case .object(let members)? where members.isEmpty: return
        case let value?: object[name] = value
        }
    }

    /// Writes an `omitempty`/`omitzero` time field unless it is the zero time.
    ///
    /// - Throws: ``HelmReleaseCodecError`` when `text` is not an RFC 3339 time Go could have written.
    mutating func time(_ name: String, _ text: String?, structName: String) throws(HelmReleaseCodecError) {
        guard let text, !text.isEmpty else { return }
        guard let time = GoTimestamp(text) else {
            throw HelmReleaseCodecError(.invalidRecord, "\(structName).\(name): \(GoQuote.quote(text)) is not an RFC 3339 time")
        }
        if !time.isZero { object[name] = .string(time.text) }
    }

    /// The struct as a JSON value.
    var value: JSONValue { .object(object) }
}
