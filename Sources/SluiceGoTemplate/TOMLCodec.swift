import Foundation
import SluiceCore

/// TOML as Helm's `toToml` and `fromToml` use it (BurntSushi/toml): maps written with plain keys first, then each
/// sub-map as a `[table]` (indented two spaces per level below the top); the common subset read back (tables, strings,
/// integers, floats, booleans, one-line arrays).
enum TOMLCodec {
    /// The TOML text of a map.
    static func encode(_ value: GoValue) throws(FunctionError) -> String {
        guard case .map(let map) = value else { throw FunctionError("toml: top-level values must be Go maps or structs") }
        var out = ""
        try write(map, path: [], into: &out)
        return out
    }

    private static func key(_ name: String) -> String {
        let bare = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
        return bare ? name : quoted(name)
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    private static func scalar(_ value: GoValue) throws(FunctionError) -> String? {
        switch value {
        case .missing, .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .int64(let i): return String(i)
        case .uint8(let i): return String(i)
        case .float64(let d):
            if d.isNaN { return "nan" }
            if d.isInfinite { return d < 0 ? "-inf" : "inf" }
            let text = GoFloat.shortest(d)
            return text.contains(".") || text.contains("e") ? text : text + ".0"
        case .string(let s): return quoted(s)
        case .version(let v): return quoted(v.original)
        case .time(let t): return quoted(GoTimeLayout.format(t, layout: GoTimeLayout.rfc3339Nano))
        case .named(let named): return try scalar(named.underlying)
        case .slice(let elements, _):
            var parts: [String] = []
            for element in elements { if let part = try scalar(element) { parts.append(part) } }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map: throw FunctionError("toml: nested maps in arrays are not supported")
        }
    }

    private static func write(_ map: GoMap, path: [String], into out: inout String) throws(FunctionError) {
        let indent = String(repeating: "  ", count: max(path.count, 0))
        var tables: [(String, GoMap)] = []
        for (name, value) in map.sortedEntries {
            if case .map(let inner) = value { tables.append((name, inner)); continue }
            guard let text = try scalar(value) else { continue }
            out += "\(indent)\(key(name)) = \(text)\n"
        }
        for (name, inner) in tables {
            let tablePath = path + [name]
            if tablePath.count == 1, !out.isEmpty { out += "\n" }
            out += String(repeating: "  ", count: tablePath.count - 1) + "[" + tablePath.map(key).joined(separator: ".") + "]\n"
            try write(inner, path: tablePath, into: &out)
        }
    }

    /// The map a TOML text describes.
    static func decode(_ text: String) throws(FunctionError) -> GoValue {
        let root = GoMap()
        var table = root
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else { throw FunctionError("toml: line \(number + 1): unsupported table header") }
                table = root
                for part in line.dropFirst().dropLast().split(separator: ".") {
                    let name = part.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    if case .map(let existing)? = table.entries[name] { table = existing } else {
                        let created = GoMap()
                        table.entries[name] = .map(created)
                        table = created
                    }
                }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw FunctionError("toml: line \(number + 1): expected key = value") }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let valueText = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            table.entries[name] = try value(valueText, line: number + 1)
        }
        return .map(root)
    }

    private static func value(_ text: String, line: Int) throws(FunctionError) -> GoValue {
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 {
            guard case .string(let s)? = try? JSONParser().parse(text) else { throw FunctionError("toml: line \(line): bad string") }
            return .string(s)
        }
        if text.hasPrefix("'"), text.hasSuffix("'"), text.count >= 2 { return .string(String(text.dropFirst().dropLast())) }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if text.hasPrefix("["), text.hasSuffix("]") {
            let inner = text.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
            if inner.isEmpty { return .list([]) }
            var elements: [GoValue] = []
            for part in inner.split(separator: ",") {
                let item = part.trimmingCharacters(in: .whitespaces)
                if item.isEmpty { continue }
                elements.append(try value(item, line: line))
            }
            return .list(elements)
        }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let int = Int64(plain) { return .int64(int) }
        if let double = Double(plain) { return .float64(double) }
        throw FunctionError("toml: line \(line): cannot parse value \(GoQuote.quote(text))")
    }
}
