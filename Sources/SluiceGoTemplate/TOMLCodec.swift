import Foundation
import SluiceCore

/// TOML as Helm's `toToml` and `fromToml` use it (BurntSushi/toml).
///
/// Encoding follows BurntSushi's encoder: in each table the plain keys first, then the sub-tables and arrays of tables,
/// each group sorted; a sub-table as `[a.b]` and an array of maps as `[[a.b]]` blocks, indented two spaces per level
/// below the top, with a blank line before each top-level table; maps inside mixed arrays as inline tables; times
/// unquoted (RFC 3339); nil map values left out and an array holding nil refused.
enum TOMLCodec {
    /// The TOML text of a map.
    static func encode(_ value: GoValue) throws(FunctionError) -> String {
        guard case .map(let map) = value else { throw FunctionError("toml: top-level values must be Go maps or structs") }
        var encoder = Encoder()
        try encoder.table(map, key: [])
        return encoder.out
    }

    /// BurntSushi's `Encoder`: what has been written, and whether anything has (a newline is only written after text).
    private struct Encoder {
        var out = ""

        mutating func newline() { if !out.isEmpty { out += "\n" } }

        private func indent(_ key: [String]) -> String { String(repeating: "  ", count: max(key.count - 1, 0)) }

        /// `eMap`: the plain keys, then the tables and arrays of tables, each sorted.
        mutating func table(_ map: GoMap, key: [String]) throws(FunctionError) {
            // Go would recurse until its stack overflows on a map that holds itself; stop instead.
            guard key.count <= GoValue.maxNesting else { throw TOMLCodec.tooDeep }
            var direct: [String] = []
            var sub: [String] = []
            for (name, value) in map.sortedEntries where !value.isNil {
                if try isTable(value) { sub.append(name) } else { direct.append(name) }
            }
            for name in direct + sub { try encode(map.entries[name]!, key: key + [name]) }
        }

        /// `encode`: one key and its value.
        private mutating func encode(_ value: GoValue, key: [String]) throws(FunctionError) {
            switch value {
            case .map(let inner):
                if key.count == 1 { newline() }
                out += indent(key) + "[" + key.map(TOMLCodec.key).joined(separator: ".") + "]"
                newline()
                try table(inner, key: key)
            case .slice(let elements, _) where try isTableArray(elements):
                for element in elements {
                    guard case .map(let inner) = element else { continue }
                    newline()
                    out += indent(key) + "[[" + key.map(TOMLCodec.key).joined(separator: ".") + "]]"
                    newline()
                    try table(inner, key: key)
                }
            case .named(let named) where named.typeName != "time.Duration":
                try encode(named.underlying, key: key)
            default:
                out += indent(key) + TOMLCodec.key(key[key.count - 1]) + " = " + (try TOMLCodec.element(value))
                newline()
            }
        }

        /// Whether BurntSushi writes the value as a table or an array of tables (after the plain keys).
        private func isTable(_ value: GoValue) throws(FunctionError) -> Bool {
            switch value {
            case .map: return true
            case .slice(let elements, _): return try isTableArray(elements)
            case .named(let named) where named.typeName != "time.Duration": return try isTable(named.underlying)
            default: return false
            }
        }

        /// `isTableArray`: a non-empty array of maps only; an array holding nil cannot be encoded.
        private func isTableArray(_ elements: [GoValue]) throws(FunctionError) -> Bool {
            guard !elements.isEmpty else { return false }
            var allMaps = true
            for element in elements {
                if element.isNil { throw FunctionError("toml: cannot encode array with nil element") }
                if case .map = element { continue }
                allMaps = false
            }
            return allMaps
        }
    }

    /// A key part as BurntSushi writes it: bare when it is `[A-Za-z0-9_-]+`, else quoted (`""` when empty).
    static func key(_ name: String) -> String {
        if name.isEmpty { return "\"\"" }
        let bare = name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        return bare ? name : quoted(name)
    }

    /// BurntSushi's `dblQuotedReplacer`: `\"`, `\\`, `\b \t \n \f \r`, other controls and DEL as `\u00xx`.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += "\\u00" + GoQuote.hex(scalar.value, width: 2, upper: false) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// `eElement`: a value on the right of `=` or inside an array.
    /// What encoding a map that holds itself (or nests deeper than ``GoValue/maxNesting``) fails with.
    static let tooDeep = FunctionError("toml: values nest deeper than \(GoValue.maxNesting) levels (a map that holds itself?)")

    private static func element(_ value: GoValue, depth: Int = 0) throws(FunctionError) -> String {
        guard depth <= GoValue.maxNesting else { throw tooDeep }
        switch value {
        case .missing, .null: throw FunctionError("toml: cannot encode array with nil element")
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .int64(let i): return String(i)
        case .uint8(let i): return String(i)
        case .float64(let d):
            if d.isNaN { return d.sign == .minus ? "-nan" : "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            let text = GoFloat.shortest(d)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let s): return quoted(s)
        case .version(let v): return quoted(v.description)
        case .time(let t): return GoTimeLayout.format(t, layout: GoTimeLayout.rfc3339Nano)
        case .named(let named):
            // A time.Duration is written as its String(), quoted.
            if named.typeName == "time.Duration", let text = named.formatted { return quoted(text) }
            return try element(named.underlying, depth: depth + 1)
        case .slice(let elements, _):
            var parts: [String] = []
            for element in elements { parts.append(try self.element(element, depth: depth + 1)) }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let map):
            // An inline table: plain keys, then tables, each `k = v` separated by ", ".
            var direct: [String] = []
            var sub: [String] = []
            for (name, value) in map.sortedEntries where !value.isNil {
                if case .map = value { sub.append(name) } else if case .slice(let items, _) = value, !items.isEmpty,
                    items.allSatisfy({ if case .map = $0 { return true } else { return false } }) { sub.append(name) } else { direct.append(name) }
            }
            let parts = try (direct + sub).map { name throws(FunctionError) in key(name) + " = " + (try element(map.entries[name]!, depth: depth + 1)) }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// The map a TOML text describes (see ``TOMLParser``).
    static func decode(_ text: String) throws(FunctionError) -> GoValue {
        var parser = TOMLParser(text)
        return .map(try parser.parse())
    }
}
