import Foundation
import SluiceCore
import SluiceGoTemplate

/// Reads one JSON object as Go's `encoding/json` fills a struct of Helm's release record: a field matches its key
/// exactly or ignoring case as Go folds it (`GoFold`; the last such member wins), unknown members are dropped, `null`
/// leaves a field at its zero value, and a value of the wrong JSON type fails the whole decode with Go's
/// `json: cannot unmarshal …` message (`GoJSONFields.typeError`).
struct GoStructReader {
    /// The members by their keys folded as Go folds them, the last of those folding alike kept: what a field matches.
    private let folded: [String: JSONValue]
    /// The Go struct's name, for messages (`Release`, `Hook`, `Metadata`).
    let structName: String
    /// The fields leading here from the record's root, for messages (`hooks.last_run`).
    let path: [String]

    /// A reader of `value`, or nil when it is `null` (the struct or pointer stays zero).
    ///
    /// - Parameters:
    ///   - structName: The Go struct's name.
    ///   - path: The fields leading to it.
    ///   - parent: The struct holding this one as a field (named in the message when `value` is not an object).
    /// - Throws: ``HelmReleaseCodecError`` when `value` is neither an object nor `null`.
    init?(_ value: JSONValue?, structName: String, path: [String], parent: String? = nil) throws(HelmReleaseCodecError) {
        switch value {
        case nil, .null?: return nil
        case .object(let object)?:
            var folded: [String: JSONValue] = [:]
            for member in object.members { folded[GoFold.folded(member.key)] = member.value }
            self.folded = folded
            self.structName = structName
            self.path = path
        case let other?:
            throw Self.typeError(other, goType: structName, structName: parent ?? structName, path: path)
        }
    }

    /// Go's `UnmarshalTypeError` text.
    static func typeError(_ value: JSONValue, goType: String, structName: String, path: [String]) -> HelmReleaseCodecError {
        HelmReleaseCodecError(.invalidRecord, GoJSONFields.typeError(value.goJSONKind, goType: goType, structName: structName, path: path))
    }

    /// The member for field `name`, nil when absent or `null`.
    func value(_ name: String) -> JSONValue? {
        let found = folded[GoFold.folded(name)]
        if case .null? = found { return nil }
        return found
    }

    private func fail(_ name: String, _ value: JSONValue, _ goType: String) -> HelmReleaseCodecError {
        Self.typeError(value, goType: goType, structName: structName, path: path + [name])
    }

    /// A `string` field ("" when absent).
    func string(_ name: String) throws(HelmReleaseCodecError) -> String {
        guard let value = value(name) else { return "" }
        guard case .string(let text) = value else { throw fail(name, value, "string") }
        return text
    }

    /// An `int` field (0 when absent): an integer literal that fits 64 bits, as Go's decoder requires; with
    /// `viaFloat64` also an integral number in any spelling, as Helm's `Info` sees it after its detour through
    /// `map[string]any`.
    func int(_ name: String, viaFloat64: Bool = false) throws(HelmReleaseCodecError) -> Int {
        guard let value = value(name) else { return 0 }
        switch value {
        case .int(let i): if let result = Int(exactly: i) { return result }
        case .double(let d) where viaFloat64 && d.isFinite && d.rounded(.towardZero) == d:
            if let result = Int(exactly: d) { return result }
        default: break
        }
        throw fail(name, value, "int")
    }

    /// A `bool` field (false when absent).
    func bool(_ name: String) throws(HelmReleaseCodecError) -> Bool {
        guard let value = value(name) else { return false }
        guard case .bool(let flag) = value else { throw fail(name, value, "bool") }
        return flag
    }

    /// The elements of a slice field, nil when absent or `null`.
    func elements(_ name: String, goType: String) throws(HelmReleaseCodecError) -> [JSONValue]? {
        guard let value = value(name) else { return nil }
        guard case .array(let elements) = value else { throw fail(name, value, goType) }
        return elements
    }

    /// A `[]string` field (or a slice of a string type such as `[]HookEvent`): `null` elements read as "".
    func strings(_ name: String, goType: String = "string") throws(HelmReleaseCodecError) -> [String]? {
        guard let elements = try elements(name, goType: "[]" + goType) else { return nil }
        var result: [String] = []
        for element in elements {
            switch element {
            case .string(let text): result.append(text)
            case .null: result.append("")
            default: throw fail(name, element, goType)
            }
        }
        return result
    }

    /// A `time.Time` field, nil for the zero time (absent, `null`, Go's zero instant, or "" where `emptyIsZero`, as
    /// Helm 4's `Info` and `HookExecution` read the empty strings older records hold).
    func time(_ name: String, emptyIsZero: Bool) throws(HelmReleaseCodecError) -> GoTimestamp? {
        guard let value = value(name) else { return nil }
        guard case .string(let text) = value else { throw fail(name, value, "time.Time") }
        if text.isEmpty && emptyIsZero { return nil }
        guard let time = GoTimestamp(text) else {
            throw HelmReleaseCodecError(.invalidRecord, "parsing time \(GoQuote.quote(text)) as \"2006-01-02T15:04:05Z07:00\": "
                + "cannot parse it as RFC 3339 (field \(structName).\((path + [name]).joined(separator: ".")))")
        }
        return time
    }

    /// A `[]byte` field: its standard base64 re-encoded as Go writes it, or `null`.
    func bytes(_ name: String) throws(HelmReleaseCodecError) -> JSONValue {
        guard let value = value(name) else { return .null }
        guard case .string(let text) = value else { throw fail(name, value, "[]uint8") }
        guard let data = GoBase64.decode(text) else {
            throw HelmReleaseCodecError(.invalidRecord, "illegal base64 data in field \(structName).\((path + [name]).joined(separator: "."))")
        }
        return .string(data.base64EncodedString())
    }

    /// A `map[string]string` field with its keys sorted, nil when absent or `null`.
    func stringMap(_ name: String) throws(HelmReleaseCodecError) -> JSONObject? {
        guard let value = value(name) else { return nil }
        guard case .object(let object) = value else { throw fail(name, value, "map[string]string") }
        var result: [(String, JSONValue)] = []
        for member in object.members {
            switch member.value {
            case .string: result.append((member.key, member.value))
            case .null: result.append((member.key, .string("")))
            default: throw fail(name, member.value, "string")
            }
        }
        return GoAny.sorted(result)
    }

    /// A `map[string]any` field as Go holds it (numbers as `float64`, keys sorted), nil when absent or `null`.
    func anyMap(_ name: String) throws(HelmReleaseCodecError) -> JSONObject? {
        guard let value = value(name) else { return nil }
        guard case .object = value else { throw fail(name, value, "map[string]interface {}") }
        return try GoAny.canonical(value, field: (path + [name]).joined(separator: ".")).objectValue
    }
}
