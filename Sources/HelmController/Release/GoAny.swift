import SluiceCore

/// Values of Go's `any` in a release record (`config`, a chart's `values`, a dependency's `import-values`) as
/// `encoding/json` holds them: every number a `float64` (integers beyond 2^53 rounded, as Helm's own round trip
/// rounds them), maps with their keys sorted by bytes as `json.Marshal` writes them.
enum GoAny {
    /// `value` as Go holds it.
    ///
    /// - Throws: ``HelmReleaseCodecError`` for a number beyond `float64` (Go's `cannot unmarshal number … of type float64`).
    static func canonical(_ value: JSONValue, field: String) throws(HelmReleaseCodecError) -> JSONValue {
        switch value {
        case .null, .bool, .string: return value
        case .int(let i):
            // A float64 holds every integer up to 2^53 exactly; beyond, Go keeps the nearest float64.
            return i.magnitude <= 1 << 53 ? value : .double(Double(i))
        case .double(let d):
            guard d.isFinite else {
                throw HelmReleaseCodecError(.invalidRecord, "json: cannot unmarshal number into Go value of type float64 (field \(field): out of range)")
            }
            if d.rounded(.towardZero) == d, d != 0 || d.sign == .plus, d.magnitude <= 9_007_199_254_740_992 { return .int(Int64(d)) }
            return value
        case .array(let elements):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for element in elements { result.append(try canonical(element, field: field)) }
            return .array(result)
        case .object(let object):
            var members: [(String, JSONValue)] = []
            members.reserveCapacity(object.count)
            for member in object.members { members.append((member.key, try canonical(member.value, field: field))) }
            return .object(sorted(members))
        }
    }

    /// `members` as an object with keys in Go's map order (bytewise).
    static func sorted(_ members: [(String, JSONValue)]) -> JSONObject {
        JSONObject(members.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) })
    }
}
