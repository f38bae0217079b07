/// Go's `strconv` quoting (shared by the Go-template engine and the API server's Go-formatted messages): `Quote`, `QuoteRune`, `Unquote` and `UnquoteChar`, and `unicode.IsPrint`.
public enum GoQuote {
    /// An error of `strconv.Unquote`.
    public struct SyntaxError: Error {}

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    public static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `strconv.Quote(s)` (or `QuoteToASCII` when `asciiOnly`).
    public static func quote(_ s: String, quote: Character = "\"", asciiOnly: Bool = false) -> String {
        var out = String(quote)
        for scalar in s.unicodeScalars { appendEscaped(scalar, quote: quote, asciiOnly: asciiOnly, into: &out) }
        out.append(quote)
        return out
    }

    /// `strconv.QuoteRune(r)`.
    public static func quoteRune(_ value: Int64) -> String {
        let scalar = (value >= 0 && value <= 0x10FFFF ? Unicode.Scalar(UInt32(value)) : nil) ?? "\u{FFFD}"
        var out = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: false, into: &out)
        return out + "'"
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, quote: Character, asciiOnly: Bool, into out: inout String) {
        if Character(scalar) == quote || scalar == "\\" {
            out.append("\\")
            out.unicodeScalars.append(scalar)
            return
        }
        if asciiOnly ? (scalar.isASCII && isPrint(scalar)) : isPrint(scalar) {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F {
                out += "\\x" + hex(value, width: 2)
            } else if value < 0x10000 {
                out += "\\u" + hex(value, width: 4)
            } else {
                out += "\\U" + hex(value, width: 8)
            }
        }
    }

    public static func hex(_ value: UInt32, width: Int, upper: Bool = false) -> String {
        let digits = String(value, radix: 16, uppercase: upper)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `strconv.Unquote` of a Go string literal in double quotes, back quotes or single quotes.
    public static func unquote(_ literal: String) throws(SyntaxError) -> String {
        let scalars = Array(literal.unicodeScalars)
        guard scalars.count >= 2, let first = scalars.first, first == scalars.last else { throw SyntaxError() }
        let body = scalars[1..<(scalars.count - 1)]
        switch first {
        case "`":
            if body.contains("`") { throw SyntaxError() }
            var out = String.UnicodeScalarView()
            out.append(contentsOf: body.filter { $0 != "\r" })
            return String(out)
        case "\"", "'":
            var out = String.UnicodeScalarView()
            var index = body.startIndex
            while index < body.endIndex {
                let scalar = body[index]
                if scalar == first, first == "\"" { throw SyntaxError() }
                if scalar == "\n" { throw SyntaxError() }
                if scalar != "\\" {
                    out.append(scalar)
                    index += 1
                    continue
                }
                let (decoded, next) = try unescape(body, at: index, quote: first)
                out.append(decoded)
                index = next
            }
            if first == "'", out.count != 1 { throw SyntaxError() }
            return String(out)
        default:
            throw SyntaxError()
        }
    }

    /// Decodes the escape sequence starting at the backslash `start`.
    private static func unescape(_ body: ArraySlice<Unicode.Scalar>, at start: Int, quote: Unicode.Scalar) throws(SyntaxError) -> (Unicode.Scalar, Int) {
        var index = start + 1
        guard index < body.endIndex else { throw SyntaxError() }
        let c = body[index]
        index += 1
        switch c {
        case "a": return ("\u{07}", index)
        case "b": return ("\u{08}", index)
        case "f": return ("\u{0C}", index)
        case "n": return ("\n", index)
        case "r": return ("\r", index)
        case "t": return ("\t", index)
        case "v": return ("\u{0B}", index)
        case "\\": return ("\\", index)
        case "'", "\"":
            guard c == quote else { throw SyntaxError() }
            return (c, index)
        case "x", "u", "U":
            let count = c == "x" ? 2 : (c == "u" ? 4 : 8)
            guard index + count <= body.endIndex else { throw SyntaxError() }
            guard let value = UInt32(String(String.UnicodeScalarView(body[index..<(index + count)])), radix: 16) else { throw SyntaxError() }
            // \x yields a byte; only ASCII bytes can stand alone in a Swift string.
            guard let scalar = Unicode.Scalar(value), c != "x" || value < 0x80 else { throw SyntaxError() }
            return (scalar, index + count)
        case "0"..."7":
            guard index + 2 <= body.endIndex, let value = UInt32(String(String.UnicodeScalarView(body[(index - 1)..<(index + 2)])), radix: 8),
                  value < 0x80, let scalar = Unicode.Scalar(value) else { throw SyntaxError() }
            return (scalar, index + 2)
        default:
            throw SyntaxError()
        }
    }
}
