import Crypto
import SluiceCore

/// The name suffix kustomize gives generated ConfigMaps and Secrets: a hash of their content.
///
/// As kustomize's `hasher.go`: the object is reduced to kind, name and data,
/// encoded as Go's `encoding/json` encodes a map (sorted keys, HTML-safe
/// escapes), hashed with SHA-256, and the first ten hex digits are mapped to
/// characters that cannot spell words (`0`→`g`, `1`→`h`, `3`→`k`, `a`→`m`, `e`→`t`).
enum ContentHasher {
    static func hash(_ resource: Resource) throws(KustomizeError) -> String {
        // kustomize looks the name up as a single field called "metadata/name", which never exists,
        // so the name always hashes as an empty string; kept for identical suffixes.
        var encoded = JSONObject()
        switch resource.kind {
        case "ConfigMap":
            encoded["kind"] = "ConfigMap"
            encoded["name"] = ""
            encoded["data"] = field(resource, "data")
            if case .object? = resource.object["binaryData"] { encoded["binaryData"] = resource.object["binaryData"] }
        case "Secret":
            encoded["kind"] = "Secret"
            encoded["type"] = field(resource, "type")
            encoded["name"] = ""
            encoded["data"] = field(resource, "data")
            if case .object? = resource.object["stringData"] { encoded["stringData"] = resource.object["stringData"] }
        default:
            return digest(goJSON(resource.value))
        }
        return digest(goJSON(.object(encoded)))
    }

    /// kustomize's `getNodeValues`: a map as is, a scalar as its text, a missing field as "".
    private static func field(_ resource: Resource, _ name: String) -> JSONValue {
        guard let value = resource.object[name] else { return "" }
        switch value {
        case .object, .array: return value
        case .null: return "null"
        default: return .string(Kustomization.scalarString(value) ?? "")
        }
    }

    static func digest(_ text: String) -> String {
        let hex = SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
        return String(hex.prefix(10).map { c -> Character in
            switch c {
            case "0": return "g"
            case "1": return "h"
            case "3": return "k"
            case "a": return "m"
            case "e": return "t"
            default: return c
            }
        })
    }

    /// Go's `json.Marshal` of a decoded value: maps with sorted keys, HTML-safe string escapes, numbers as float64.
    static func goJSON(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        // encoding/json decodes every number into a float64 before kustomize encodes it again.
        case .int(let number): output += GoNumberFormat.json(Double(number))
        case .double(let number): output += GoNumberFormat.json(number)
        case .string(let text): writeString(text, to: &output)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, to: &output)
            }
            output += "]"
        case .object(let object):
            output += "{"
            for (index, key) in object.keysInByteOrder.enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(object[key]!, to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            // Go 1.22 and later (kubectl 1.32) write backspace and form feed as short escapes.
            case "\u{8}": output += "\\b"
            case "\u{C}": output += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                output += "\\u" + hex4(scalar.value)
            default:
                if scalar.value < 0x20 {
                    output += "\\u" + hex4(scalar.value)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
