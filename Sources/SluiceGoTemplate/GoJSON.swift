import SluiceCore

/// Go's `encoding/json` for template values: `Marshal` (sorted keys, HTML escaping, Go's float spelling), `MarshalIndent`,
/// and `Unmarshal` into `interface{}` (numbers as `float64`).
package enum GoJSON {
    /// `json.Marshal` (or `MarshalIndent(v, "", indent)`), with `SetEscapeHTML(escapeHTML)`.
    static func encode(_ value: GoValue, escapeHTML: Bool = true, indent: String? = nil) throws(FunctionError) -> String {
        var out = ""
        try write(value, into: &out, escapeHTML: escapeHTML, indent: indent, depth: 0)
        return out
    }

    private static func newline(_ out: inout String, _ indent: String?, _ depth: Int) {
        guard let indent else { return }
        out += "\n" + String(repeating: indent, count: depth)
    }

    private static func write(_ value: GoValue, into out: inout String, escapeHTML: Bool, indent: String?, depth: Int) throws(FunctionError) {
        if depth > GoValue.maxNesting { throw FunctionError("json: unsupported value: encountered a cycle via \(value.typeName)") }
        switch value {
        case .missing, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .int64(let i): out += String(i)
        case .uint8(let i): out += String(i)
        case .float64(let d):
            guard d.isFinite else { throw FunctionError("json: unsupported value: \(GoFloat.shortest(d))") }
            out += GoFloat.json(d)
        case .string(let s): writeString(s, into: &out, escapeHTML: escapeHTML)
        case .version(let v): writeString(v.description, into: &out, escapeHTML: escapeHTML)
        // time.Time marshals as RFC 3339 with nanoseconds.
        case .time(let t): writeString(GoTimeLayout.format(t, layout: GoTimeLayout.rfc3339Nano), into: &out, escapeHTML: escapeHTML)
        case .named(let named): try write(named.underlying, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth)
        case .slice(let elements, _):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, depth + 1)
                try write(element, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
            }
            if !elements.isEmpty { newline(&out, indent, depth) }
            out += "]"
        case .map(let map):
            out += "{"
            for (index, entry) in map.sortedEntries.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent, depth + 1)
                writeString(entry.key, into: &out, escapeHTML: escapeHTML)
                out += indent == nil ? ":" : ": "
                try write(entry.value, into: &out, escapeHTML: escapeHTML, indent: indent, depth: depth + 1)
            }
            if !map.entries.isEmpty { newline(&out, indent, depth) }
            out += "}"
        }
    }

    /// Go's JSON string escaping.
    package static func writeString(_ s: String, into out: inout String, escapeHTML: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&":
                if escapeHTML { out += "\\u00" + GoQuote.hex(scalar.value, width: 2) } else { out.unicodeScalars.append(scalar) }
            case "\u{2028}", "\u{2029}":
                out += "\\u" + GoQuote.hex(scalar.value, width: 4)
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + GoQuote.hex(scalar.value, width: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// The value as sigs.k8s.io/yaml sees it after a JSON round trip: integral floats become integers,
    /// map keys in yaml.v2's order.
    static func yamlTree(_ value: GoValue, depth: Int = 0) throws(FunctionError) -> JSONValue {
        if depth > GoValue.maxNesting { throw FunctionError("json: unsupported value: encountered a cycle via \(value.typeName)") }
        switch value {
        case .missing, .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int64(i))
        case .int64(let i): return .int(i)
        case .uint8(let i): return .int(Int64(i))
        case .float64(let d):
            guard d.isFinite else { throw FunctionError("json: unsupported value: \(GoFloat.shortest(d))") }
            // JSON spells an integral float64 below 1e21 in its shortest digits (2^60 is 1152921504606847000), and
            // yaml.v2 reads those digits back as an int where they fit an int64.
            if d.rounded(.towardZero) == d, abs(d) < 1e21, let integer = Int64(GoFloat.shortestFixed(d)) { return .int(integer) }
            return .double(d)
        case .string(let s): return .string(s)
        case .version(let v): return .string(v.description)
        case .time(let t): return .string(GoTimeLayout.format(t, layout: GoTimeLayout.rfc3339Nano))
        case .named(let named): return try yamlTree(named.underlying, depth: depth)
        case .slice(let elements, _):
            var result: [JSONValue] = []
            for element in elements { result.append(try yamlTree(element, depth: depth + 1)) }
            return .array(result)
        case .map(let map):
            var members: [(String, JSONValue)] = []
            for key in map.entries.keys.sorted(by: yamlKeyLess) { members.append((key, try yamlTree(map.entries[key]!, depth: depth + 1))) }
            return .object(JSONObject(members))
        }
    }

    /// yaml.v2's key order: letters after other characters, digit runs compared as numbers.
    static func yamlKeyLess(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars)
        let br = Array(b.unicodeScalars)
        func isLetter(_ s: Unicode.Scalar) -> Bool {
            switch s.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .decimalNumber }
        func digit(_ s: Unicode.Scalar) -> Int64 { Int64(s.properties.numericValue ?? 0) }
        var i = 0
        while i < ar.count, i < br.count {
            if ar[i] == br[i] { i += 1; continue }
            let al = isLetter(ar[i])
            let bl = isLetter(br[i])
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0, isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i
            while ai < ar.count, isDigit(ar[ai]) { an = an &* 10 &+ digit(ar[ai]); ai += 1 }
            var bi = i
            while bi < br.count, isDigit(br[bi]) { bn = bn &* 10 &+ digit(br[bi]); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    /// `json.Unmarshal` into `interface{}`.
    static func decode(_ text: String) throws(FunctionError) -> GoValue {
        do {
            return GoValue(json: try JSONParser().parse(text))
        } catch {
            throw FunctionError(error.message)
        }
    }
}
