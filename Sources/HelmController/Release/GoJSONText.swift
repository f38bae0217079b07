import SluiceCore
import SluiceGoTemplate

/// JSON text as Go's `json.Marshal` writes the structs and maps of a Helm release record.
///
/// Members are written in the tree's order: the `+HelmJSON` builders put struct fields in Go's declaration order with
/// `omitempty` applied, and map keys sorted by their bytes, so the tree already is what Go would walk. Strings get Go's
/// HTML-safe escaping (`\u003c`, `\u003e`, `\u0026`, `\u2028`, `\u2029`), integers their digits and floating-point
/// numbers Go's `float64` spelling (`1e+21`, `1e-7`, `0.5`, and `3` for an integral one).
enum GoJSONText {
    /// The compact JSON bytes of `value`.
    ///
    /// - Throws: ``HelmReleaseCodecError`` `json: unsupported value: +Inf` for a non-finite number, as Go refuses one.
    static func bytes(_ value: JSONValue) throws(HelmReleaseCodecError) -> [UInt8] {
        var out = ""
        try write(value, into: &out)
        return Array(out.utf8)
    }

    private static func write(_ value: JSONValue, into out: inout String) throws(HelmReleaseCodecError) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            guard d.isFinite else {
                throw HelmReleaseCodecError(.invalidRecord, "json: unsupported value: \(d.isNaN ? "NaN" : d < 0 ? "-Inf" : "+Inf")")
            }
            out += GoFloat.json(d)
        case .string(let s): GoJSON.writeString(s, into: &out, escapeHTML: true)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                try write(element, into: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, member) in object.members.enumerated() {
                if index > 0 { out += "," }
                GoJSON.writeString(member.key, into: &out, escapeHTML: true)
                out += ":"
                try write(member.value, into: &out)
            }
            out += "}"
        }
    }
}
