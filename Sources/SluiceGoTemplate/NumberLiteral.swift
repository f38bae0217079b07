import SluiceCore

/// A number constant in a template, read as Go's parser reads it: one literal may be an int, a uint and a float at once.
struct NumberLiteral: Sendable {
    /// The literal as written (`0x1F`, `1e3`, `'a'`).
    var text: String
    var isInt = false
    var isUint = false
    var isFloat = false
    var int: Int64 = 0
    var uint: UInt64 = 0
    var float: Double = 0

    /// An error of Go's `newNumber`.
    struct SyntaxError: Error {
        var message: String
    }

    /// Reads `text` of the lexer kind `kind` (`.number`, `.charConstant`, `.complex`).
    init(_ text: String, kind: Token.Kind) throws(SyntaxError) {
        self.text = text
        switch kind {
        case .charConstant:
            let value: String
            do {
                value = try GoQuote.unquote(text)
            } catch {
                throw SyntaxError(message: "malformed character constant: \(text)")
            }
            let scalar = value.unicodeScalars.first!
            int = Int64(scalar.value)
            uint = UInt64(scalar.value)
            float = Double(scalar.value)
            isInt = true
            isUint = true
            isFloat = true
            return
        case .complex:
            throw SyntaxError(message: "complex numbers are not supported: \(text)")
        default:
            break
        }
        if let u = Self.parseUnsigned(text) {
            isUint = true
            uint = u
        }
        if let i = Self.parseSigned(text) {
            isInt = true
            int = i
            if i == 0 {
                isUint = true
                uint = 0
            }
        }
        if isInt {
            isFloat = true
            float = Double(int)
        } else if isUint {
            isFloat = true
            float = Double(uint)
        } else if let f = Self.parseFloat(text) {
            if !text.contains(where: { ".eEpP".contains($0) }) {
                throw SyntaxError(message: "integer overflow: \(GoQuote.quote(text))")
            }
            isFloat = true
            float = f
            if !isInt, f.rounded(.towardZero) == f, abs(f) < 9.223372036854775807e18 {
                isInt = true
                int = Int64(f)
            }
            if !isUint, f >= 0, f.rounded(.towardZero) == f, f < 1.8446744073709552e19 {
                isUint = true
                uint = UInt64(f)
            }
        }
        if !isInt && !isUint && !isFloat {
            throw SyntaxError(message: "illegal number syntax: \(GoQuote.quote(text))")
        }
    }

    /// Whether Go's `idealConstant` makes this a float64 rather than an int.
    var isFloatSyntax: Bool {
        let lower = text.lowercased()
        let isHexInt = lower.count > 2 && lower.hasPrefix("0x") && !lower.contains("p")
        let isRune = text.hasPrefix("'")
        return isFloat && !isHexInt && !isRune && text.contains(where: { ".eEpP".contains($0) })
    }

    /// Go's underscore rule for base-prefixed literals: `_` only between digits or after the prefix.
    private static func underscoresOK(_ text: String) -> Bool {
        guard text.contains("_") else { return true }
        var body = Substring(text)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        var previous: Character = "^"
        var hexPrefix = false
        if body.count >= 2, body.first == "0", let second = body.dropFirst().first, "xXbBoO".contains(second) {
            previous = "0"
            hexPrefix = "xX".contains(second)
            body = body.dropFirst(2)
        } else if body.first == "0" {
            // A leading 0 counts as a base prefix for octal.
        }
        for c in body {
            let isDigit = c.isNumber || (hexPrefix && c.isHexDigit)
            if c == "_" {
                if previous != "0" { return false }
                previous = "_"
            } else if isDigit {
                previous = "0"
            } else {
                if previous == "_" { return false }
                previous = "!"
            }
        }
        return previous != "_"
    }

    /// `strconv.ParseUint(text, 0, 64)`.
    static func parseUnsigned(_ text: String) -> UInt64? {
        guard !text.hasPrefix("-"), !text.hasPrefix("+") else { return nil }
        return parseMagnitude(text)
    }

    /// `strconv.ParseInt(text, 0, 64)`.
    static func parseSigned(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if body.hasPrefix("-") || body.hasPrefix("+") {
            negative = body.hasPrefix("-")
            body = body.dropFirst()
        }
        guard let magnitude = parseMagnitude(String(body)) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    private static func parseMagnitude(_ text: String) -> UInt64? {
        guard !text.isEmpty, underscoresOK(text) else { return nil }
        var body = Substring(text)
        var radix = 10
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1, body.first == "0" { radix = 8; body = body.dropFirst() }
        let digits = body.filter { $0 != "_" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return UInt64(digits, radix: radix)
    }

    /// `strconv.ParseFloat(text, 64)` for decimal and hexadecimal floats.
    static func parseFloat(_ text: String) -> Double? {
        guard underscoresOK(text) else { return nil }
        let cleaned = text.filter { $0 != "_" }
        let lower = cleaned.lowercased()
        guard !cleaned.isEmpty, !lower.contains("inf"), !lower.contains("nan") else { return nil }
        if lower.hasPrefix("0x") || lower.hasPrefix("-0x") || lower.hasPrefix("+0x") {
            guard lower.contains("p") else { return nil }
        }
        guard let value = Double(cleaned) else { return nil }
        return value
    }
}
