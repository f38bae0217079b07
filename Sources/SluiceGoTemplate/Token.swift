import SluiceCore

/// One lexical item of a template, as Go's `text/template/parse` lexer emits it.
struct Token: Sendable {
    /// What the item is.
    enum Kind: Sendable, Equatable {
        case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
        // Keywords.
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword, range, template, with

        /// Whether this is a keyword (Go prints those as `<name>` in errors).
        var isKeyword: Bool {
            switch self {
            case .block, .breakKeyword, .continueKeyword, .dot, .define, .elseKeyword, .end, .ifKeyword, .nilKeyword, .range, .template, .with: return true
            default: return false
            }
        }
    }

    var kind: Kind
    /// Byte offset in the template text.
    var pos: Int
    /// The item's text (for errors, the message).
    var value: String
    /// The 1-based line the item starts on.
    var line: Int

    /// The item as Go's parser names it in "unexpected …" errors.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        default:
            if kind.isKeyword { return "<\(value)>" }
            if value.unicodeScalars.count > 10 {
                // fmt's %.10q: the first ten runes, quoted.
                return GoQuote.quote(String(String.UnicodeScalarView(value.unicodeScalars.prefix(10)))) + "..."
            }
            return GoQuote.quote(value)
        }
    }
}
