import Foundation
import SluiceCore

/// A TOML 1.0 document read as BurntSushi/toml decodes it into `map[string]interface{}` (Helm's `fromToml`): tables
/// and dotted keys as maps, `[[arrays of tables]]` as lists of maps, integers as `int64` (decimal with `_`, `0x`,
/// `0o`, `0b`), floats as `float64` (`inf`, `nan`), basic and literal strings (one-line and multi-line), arrays over
/// several lines with comments, inline tables, and dates and times as `time.Time` (local ones in BurntSushi's
/// `datetime-local`, `date-local` and `time-local` zones). Redefining a key or a table is an error.
struct TOMLParser {
    private let text: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    /// Tables created by a `[header]` or a dotted key, which a later `[header]` may not define again.
    private var defined: Set<ObjectIdentifier> = []
    /// Keys (by parent table) holding an array of tables that `[[header]]` may extend.
    private var arrayTables: Set<String> = []
    private let local: TimeZone
    /// The keys of the current `[table]` and of the key being read: BurntSushi's "last key" in its errors.
    private var context: [String] = []
    private var currentKey: [String] = []
    /// How deeply arrays and inline tables nest; BurntSushi stops at ``maxDepth``.
    private var depth = 0
    static let maxDepth = 128

    init(_ text: String, local: TimeZone = TimeZone(identifier: "UTC")!) {
        self.text = Array(text.unicodeScalars)
        self.local = local
    }

    /// The document's root table.
    mutating func parse() throws(FunctionError) -> GoMap {
        let root = GoMap()
        var current = root
        while true {
            skipBlankLines()
            guard let c = peek() else { break }
            if c == "[" {
                let isArray = peek(1) == "["
                index += isArray ? 2 : 1
                skipSpaces()
                let keys = try key()
                guard keys.count < Self.maxDepth else { throw FunctionError("toml: line \(line): exceeds maximum table depth of \(Self.maxDepth)") }
                // BurntSushi reports a header's errors with its parent keys as the context.
                context = Array(keys.dropLast())
                currentKey = []
                skipSpaces()
                guard consume(isArray ? "]]" : "]") else { throw error("expected '\(isArray ? "]]" : "]")' after table name") }
                let parent = try navigate(root, Array(keys.dropLast()), creating: true)
                let last = keys[keys.count - 1]
                if isArray {
                    let table = GoMap()
                    let slot = "\(ObjectIdentifier(parent))\u{0}\(last)"
                    switch parent.entries[last] {
                    case nil:
                        parent.entries[last] = .list([.map(table)])
                        arrayTables.insert(slot)
                    case .slice(let elements, let type)? where arrayTables.contains(slot):
                        parent.entries[last] = .slice(elements + [.map(table)], type)
                    default:
                        throw error("Key '\(Self.keyText(keys))' was already created and cannot be used as an array.")
                    }
                    current = table
                } else {
                    switch parent.entries[last] {
                    case nil:
                        let table = GoMap()
                        parent.entries[last] = .map(table)
                        current = table
                    case .map(let table)?:
                        guard defined.insert(ObjectIdentifier(table)).inserted else {
                            throw error("Key '\(Self.keyText(keys))' has already been defined.")
                        }
                        current = table
                    default: throw error("Key '\(Self.keyText(keys))' has already been defined.")
                    }
                    defined.insert(ObjectIdentifier(current))
                }
                context = keys
            } else {
                try keyValue(into: current)
            }
            try endOfLine()
        }
        return root
    }

    // MARK: - Keys and tables

    /// `key = value`, dotted keys creating tables below `table`.
    private mutating func keyValue(into table: GoMap) throws(FunctionError) {
        let keys = try key()
        let outerKey = currentKey
        currentKey = outerKey + keys
        skipSpaces()
        guard consume("=") else { throw error("expected '=' after key \(GoQuote.quote(keys.joined(separator: ".")))") }
        skipSpaces()
        let parent = try navigate(table, Array(keys.dropLast()), creating: true, dotted: true)
        let last = keys[keys.count - 1]
        guard parent.entries[last] == nil else { throw error("Key '\(Self.keyText(context + currentKey))' has already been defined.") }
        parent.entries[last] = try value()
        currentKey = outerKey
    }

    /// The table `keys` names below `base` (the last element of an array of tables), created when missing.
    private mutating func navigate(_ base: GoMap, _ keys: [String], creating: Bool, dotted: Bool = false) throws(FunctionError) -> GoMap {
        var table = base
        for name in keys {
            switch table.entries[name] {
            case nil:
                let created = GoMap()
                table.entries[name] = .map(created)
                if dotted { defined.insert(ObjectIdentifier(created)) }
                table = created
            case .map(let existing)?:
                table = existing
            case .slice(let elements, _)?:
                guard !dotted, case .map(let last)? = elements.last else { throw error("key \(GoQuote.quote(name)) is not a table") }
                table = last
            default:
                throw error("key \(GoQuote.quote(name)) is already defined and is not a table")
            }
        }
        return table
    }

    /// A dotted key: bare (`[A-Za-z0-9_-]+`), "basic" or 'literal' parts.
    private mutating func key() throws(FunctionError) -> [String] {
        var parts: [String] = []
        repeat {
            skipSpaces()
            guard let c = peek() else { throw error("expected a key") }
            if c == "\"" {
                index += 1
                parts.append(try basicString(multiline: false))
            } else if c == "'" {
                index += 1
                parts.append(try literalString(multiline: false))
            } else {
                var bare = ""
                while let d = peek(), Self.isBare(d) { bare.unicodeScalars.append(d); index += 1 }
                guard !bare.isEmpty else { throw error("bare keys cannot contain \(GoQuote.quote(String(c)))") }
                parts.append(bare)
            }
            skipSpaces()
        } while consume(".")
        return parts
    }

    private static func isBare(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: - Values

    private mutating func value() throws(FunctionError) -> GoValue {
        guard let c = peek() else { throw error("expected a value") }
        switch c {
        case "\"":
            if starts(with: "\"\"\"") { index += 3; return .string(try basicString(multiline: true)) }
            index += 1
            return .string(try basicString(multiline: false))
        case "'":
            if starts(with: "'''") { index += 3; return .string(try literalString(multiline: true)) }
            index += 1
            return .string(try literalString(multiline: false))
        case "[":
            index += 1
            return try array()
        case "{":
            index += 1
            return try inlineTable()
        default:
            return try scalar()
        }
    }

    private mutating func array() throws(FunctionError) -> GoValue {
        try enter()
        defer { depth -= 1 }
        var elements: [GoValue] = []
        while true {
            skipBlankLines()
            if consume("]") { return .list(elements) }
            elements.append(try value())
            skipBlankLines()
            if consume("]") { return .list(elements) }
            guard consume(",") else { throw error("expected a comma (',') or array terminator (']')") }
        }
    }

    private mutating func inlineTable() throws(FunctionError) -> GoValue {
        try enter()
        defer { depth -= 1 }
        let table = GoMap()
        skipSpaces()
        if consume("}") { return .map(table) }
        while true {
            try keyValue(into: table)
            skipSpaces()
            if consume("}") { return .map(table) }
            guard consume(",") else { throw error("expected a comma (',') or inline table terminator ('}')") }
            skipSpaces()
        }
    }

    /// A string after its opening quote(s): escapes, and for a multi-line one a first newline dropped and `\` at a
    /// line's end joining it to the next non-blank text.
    private mutating func basicString(multiline: Bool) throws(FunctionError) -> String {
        var out = String.UnicodeScalarView()
        if multiline { skipFirstNewline() }
        while true {
            guard let c = peek() else { throw error("unexpected EOF; expected '\(multiline ? "\"\"\"" : "\"")'") }
            if multiline, starts(with: "\"\"\"") { return String(closeMultiline(&out, quote: "\"")) }
            if !multiline, c == "\"" { index += 1; return String(out) }
            if !multiline, c == "\n" { throw error("strings cannot contain newlines") }
            index += 1
            if c == "\n" { line += 1 }
            guard c == "\\" else { out.append(c); continue }
            guard let e = peek() else { throw error("unexpected EOF in escape") }
            index += 1
            switch e {
            case "b": out.append("\u{08}")
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "f": out.append("\u{0C}")
            case "r": out.append("\r")
            case "\"": out.append("\"")
            case "\\": out.append("\\")
            case "u", "U":
                let width = e == "u" ? 4 : 8
                guard index + width <= text.count, let code = UInt32(String(String.UnicodeScalarView(text[index..<(index + width)])), radix: 16),
                      let scalar = Unicode.Scalar(code) else { throw error("invalid escape in string '\\\(e)'") }
                index += width
                out.append(scalar)
            case " ", "\t", "\r", "\n" where multiline:
                // A line-ending backslash: whitespace and newlines up to the next text are dropped.
                index -= 1
                var sawNewline = false
                while let w = peek(), w == " " || w == "\t" || w == "\r" || w == "\n" {
                    if w == "\n" { sawNewline = true; line += 1 }
                    index += 1
                }
                guard sawNewline else { throw error("invalid escape in string '\\\(e)'") }
            default:
                throw error("invalid escape in string '\\\(e)'")
            }
        }
    }

    /// At a closing triple quote: up to two more quotes before it belong to the content.
    private mutating func closeMultiline(_ out: inout String.UnicodeScalarView, quote: Unicode.Scalar) -> String.UnicodeScalarView {
        var run = 0
        while peek(run) == quote { run += 1 }
        let extra = min(run - 3, 2)
        for _ in 0..<extra { out.append(quote) }
        index += 3 + extra
        return out
    }

    private mutating func literalString(multiline: Bool) throws(FunctionError) -> String {
        var out = String.UnicodeScalarView()
        if multiline { skipFirstNewline() }
        while true {
            guard let c = peek() else { throw error("unexpected EOF; expected '\(multiline ? "'''" : "'")'") }
            if multiline, starts(with: "'''") { return String(closeMultiline(&out, quote: "'")) }
            if !multiline, c == "'" { index += 1; return String(out) }
            if !multiline, c == "\n" { throw error("strings cannot contain newlines") }
            if c == "\n" { line += 1 }
            out.append(c)
            index += 1
        }
    }

    /// Booleans, numbers and dates: the token up to a delimiter (a date's space before its time kept).
    private mutating func scalar() throws(FunctionError) -> GoValue {
        var token = ""
        while let c = peek(), !(c == "," || c == "]" || c == "}" || c == "#" || c == "\n" || c == "\r" || c == " " || c == "\t") {
            token.unicodeScalars.append(c)
            index += 1
        }
        // `1979-05-27 07:32:00`: a space between the date and the time.
        if token.count == 10, token.utf8.filter({ $0 == UInt8(ascii: "-") }).count == 2, peek() == " ",
           let next = peek(1), ("0"..."9").contains(next) {
            index += 1
            token += "T"
            while let c = peek(), !(c == "," || c == "]" || c == "}" || c == "#" || c == "\n" || c == "\r" || c == " " || c == "\t") {
                token.unicodeScalars.append(c)
                index += 1
            }
        }
        switch token {
        case "": throw error("expected a value")
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float64(.infinity)
        case "-inf": return .float64(-.infinity)
        case "nan", "+nan", "-nan": return .float64(.nan)
        default: break
        }
        if let time = try dateTime(token) { return .time(time) }
        return try number(token)
    }

    private func number(_ token: String) throws(FunctionError) -> GoValue {
        let invalid = error("invalid number: \(GoQuote.quote(token))")
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = String(token.dropFirst(2))
            guard Self.underscoresBetweenDigits(digits), let value = Int64(digits.replacingOccurrences(of: "_", with: ""), radix: radix) else { throw invalid }
            return .int64(value)
        }
        guard Self.underscoresBetweenDigits(token) else { throw invalid }
        let plain = token.replacingOccurrences(of: "_", with: "")
        var unsigned = Substring(plain)
        if unsigned.hasPrefix("+") || unsigned.hasPrefix("-") { unsigned = unsigned.dropFirst() }
        // Leading zeros are not allowed (`0`, `0.5` and `0e1` are).
        if unsigned.count > 1, unsigned.hasPrefix("0"), let second = unsigned.dropFirst().first, ("0"..."9").contains(second) { throw invalid }
        if plain.contains(".") || plain.contains("e") || plain.contains("E") {
            // A dot needs digits on both sides.
            if let dot = plain.firstIndex(of: ".") {
                let before = plain[..<dot].last, after = plain[plain.index(after: dot)...].first
                guard let before, let after, before.isNumber, after.isNumber else { throw invalid }
            }
            guard unsigned.allSatisfy({ $0.isNumber || "eE+-.".contains($0) }), let value = Double(plain) else { throw invalid }
            return .float64(value)
        }
        guard unsigned.allSatisfy(\.isNumber), !unsigned.isEmpty else { throw invalid }
        guard let value = Int64(plain) else { throw error("\(GoQuote.quote(token)) is out of range for int64") }
        return .int64(value)
    }

    private static func underscoresBetweenDigits(_ token: String) -> Bool {
        let characters = Array(token)
        for (i, c) in characters.enumerated() where c == "_" {
            guard i > 0, i + 1 < characters.count, characters[i - 1].isHexDigit, characters[i + 1].isHexDigit else { return false }
        }
        return true
    }

    /// An offset or local date-time, a local date or a local time, parsed with Go's layouts as BurntSushi does.
    private func dateTime(_ token: String) throws(FunctionError) -> GoTime? {
        let bytes = Array(token.utf8)
        let isDate = bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        let isTime = bytes.count >= 8 && bytes[2] == UInt8(ascii: ":") && bytes[5] == UInt8(ascii: ":")
        guard isDate || isTime else { return nil }
        var value = token
        if isDate, bytes.count > 10, bytes[10] == UInt8(ascii: "t") { value = String(token.prefix(10)) + "T" + String(token.dropFirst(11)) }
        let upper = value.uppercased()
        let layout: String
        let location: GoLocation
        if isTime {
            layout = "15:04:05"
            location = .fixed("time-local", offset: 0)
        } else if bytes.count == 10 {
            layout = "2006-01-02"
            location = .fixed("date-local", offset: 0)
        } else if upper.hasSuffix("Z") || value.dropFirst(19).contains("+") || value.dropFirst(19).contains("-") {
            layout = GoTimeLayout.rfc3339Nano
            location = GoLocation(name: "Local", timeZone: local)
            value = upper
        } else {
            layout = "2006-01-02T15:04:05"
            location = .fixed("datetime-local", offset: 0)
        }
        do {
            return try GoTimeParser(layout: layout, value: value, location: location).parse()
        } catch {
            throw self.error("invalid datetime: \(GoQuote.quote(token))")
        }
    }

    // MARK: - Reading

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < text.count ? text[index + offset] : nil
    }

    private func starts(with prefix: String) -> Bool {
        var i = index
        for scalar in prefix.unicodeScalars {
            guard i < text.count, text[i] == scalar else { return false }
            i += 1
        }
        return true
    }

    private mutating func consume(_ prefix: String) -> Bool {
        guard starts(with: prefix) else { return false }
        index += prefix.unicodeScalars.count
        return true
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { index += 1 }
    }

    private mutating func skipComment() {
        if peek() == "#" { while let c = peek(), c != "\n" { index += 1 } }
    }

    /// Spaces, comments and newlines.
    private mutating func skipBlankLines() {
        while true {
            skipSpaces()
            skipComment()
            if consume("\r\n") || consume("\n") { line += 1; continue }
            return
        }
    }

    private mutating func skipFirstNewline() {
        if consume("\r\n") || consume("\n") { line += 1 }
    }

    /// After an item: spaces, a comment, then a newline or the end.
    private mutating func endOfLine() throws(FunctionError) {
        skipSpaces()
        skipComment()
        guard let c = peek() else { return }
        if consume("\r\n") || consume("\n") { line += 1; return }
        throw error("expected a top-level item to end with a newline, comment, or EOF, but got '\(c)' instead")
    }

    /// One level deeper into arrays and inline tables, refused past ``maxDepth`` (hostile input cannot exhaust the stack).
    private mutating func enter() throws(FunctionError) {
        guard depth < Self.maxDepth else { throw error("exceeds maximum array depth of \(Self.maxDepth)") }
        depth += 1
    }

    /// A key as BurntSushi's `Key.String` writes it.
    private static func keyText(_ keys: [String]) -> String { keys.map(TOMLCodec.key).joined(separator: ".") }

    /// BurntSushi's `ParseError.Error`: the line and, when there is one, the last key.
    private func error(_ message: String) -> FunctionError {
        let last = Self.keyText(context + currentKey)
        if last.isEmpty { return FunctionError("toml: line \(line): \(message)") }
        return FunctionError("toml: line \(line) (last key \(GoQuote.quote(last))): \(message)")
    }
}
