/// go-yaml v2's plain-scalar resolution (YAML 1.1), which decides which strings the emitter must quote.
enum YAMLResolver {
    private static let nonStrings: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
        "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
        "", "~", "null", "Null", "NULL",
        ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    ]

    /// Whether `text` written plain would read back as the same string (so it need not be quoted).
    static func isPlainString(_ text: String) -> Bool {
        if nonStrings.contains(text) { return false }
        guard let first = text.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            if isTimestamp(text) { return false }
            let plain = text.replacingAll("_", with: "")
            if isGoInteger(plain) { return false }
            if isYAMLFloat(plain) { return false }
            if plain.hasPrefix("0b") || plain.hasPrefix("-0b") { return false }
            if isBase60Float(text) { return false }
            return true
        case UInt8(ascii: "."):
            return !isGoFloat(text)
        default:
            return true
        }
    }

    /// Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint` would accept it.
    static func isGoInteger(_ text: String) -> Bool {
        var body = Substring(text)
        if let sign = body.first, sign == "+" || sign == "-" { body = body.dropFirst() }
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") || body.hasPrefix("0O") { radix = 8; body = body.dropFirst(2) }
        else if body.hasPrefix("0b") || body.hasPrefix("0B") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1 && body.first == "0" { radix = 8; body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        return UInt64(body, radix: radix) != nil
    }

    /// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLFloat(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix(while: isDigit)
            if whole.isEmpty && fraction.isEmpty { return false }
            bytes = bytes.dropFirst(fraction.count)
        } else if whole.isEmpty {
            return false
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            if exponent.isEmpty { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// Go's `strconv.ParseFloat` on a string starting with `.`: decimal digits with an optional exponent.
    static func isGoFloat(_ text: String) -> Bool { isYAMLFloat(text) }

    /// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`
    static func isBase60Float(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var chars = Substring(text)
        if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
        guard let first = chars.first, first.isASCII, first.isNumber else { return false }
        let head = chars.prefix { ($0.isASCII && $0.isNumber) || $0 == "_" }
        chars = chars.dropFirst(head.count)
        var groups = 0
        while chars.first == ":" {
            chars = chars.dropFirst()
            let digits = chars.prefix { $0.isASCII && $0.isNumber }
            guard digits.count == 1 || (digits.count == 2 && digits.first! <= "5") else { return false }
            chars = chars.dropFirst(digits.count)
            groups += 1
        }
        guard groups > 0 else { return false }
        if chars.first == "." {
            chars = chars.dropFirst()
            chars = chars.drop { ($0.isASCII && $0.isNumber) || $0 == "_" }
        }
        return chars.isEmpty
    }

    /// go-yaml v2's timestamp check: `YYYY-` followed by one of its accepted layouts.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes[0...3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[4] == UInt8(ascii: "-") else { return false }
        var rest = Substring(text).dropFirst(5)
        func number(maxDigits: Int) -> Bool {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= maxDigits else { return false }
            rest = rest.dropFirst(digits.count)
            return true
        }
        guard number(maxDigits: 2), rest.first == "-" else { return false }
        rest = rest.dropFirst()
        guard number(maxDigits: 2) else { return false }
        if rest.isEmpty { return true }
        guard let separator = rest.first, separator == "T" || separator == "t" || separator == " " else { return false }
        rest = rest.dropFirst()
        guard number(maxDigits: 2), rest.first == ":" else { return false }
        rest = rest.dropFirst()
        guard number(maxDigits: 2), rest.first == ":" else { return false }
        rest = rest.dropFirst()
        guard number(maxDigits: 2) else { return false }
        if rest.first == "." {
            rest = rest.dropFirst()
            guard number(maxDigits: 9) else { return false }
        }
        if separator == " " { return rest.isEmpty }
        if rest == "Z" { return true }
        guard let sign = rest.first, sign == "+" || sign == "-" else { return false }
        rest = rest.dropFirst()
        guard rest.count == 5, number(maxDigits: 2), rest.first == ":" else { return false }
        rest = rest.dropFirst()
        return number(maxDigits: 2) && rest.isEmpty
    }
}
