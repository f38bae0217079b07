import SluiceCore

/// Go's `text/template/parse` lexer: splits a template into ``Token``s with `{{`/`}}` delimiters,
/// trim markers (`{{- `, ` -}}`), comments, raw strings, numbers and keywords.
///
/// It stops after the first error, which it emits as a `.error` token carrying Go's message.
struct Lexer {
    private let input: [UInt8]
    private var pos = 0
    private var start = 0
    private var line = 1
    private var startLine = 1
    private var parenDepth = 0
    private(set) var tokens: [Token] = []
    private var atEOF = false

    private static let leftDelim: [UInt8] = Array("{{".utf8)
    private static let rightDelim: [UInt8] = Array("}}".utf8)

    private enum State { case text, leftDelim, comment, rightDelim, insideAction, done }

    /// Lexes the whole of `text`.
    init(_ text: String) {
        input = Array(text.utf8)
        run()
    }

    private mutating func run() {
        var state = State.text
        while state != .done {
            switch state {
            case .text: state = lexText()
            case .leftDelim: state = lexLeftDelim()
            case .comment: state = lexComment()
            case .rightDelim: state = lexRightDelim()
            case .insideAction: state = lexInsideAction()
            case .done: break
            }
        }
    }

    // MARK: - Primitives

    /// The rune at `pos` and its width in bytes; nil at the end.
    private func rune(at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < input.count else { return nil }
        let first = input[index]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        var length = 1
        if first & 0xE0 == 0xC0 { length = 2 } else if first & 0xF0 == 0xE0 { length = 3 } else if first & 0xF8 == 0xF0 { length = 4 }
        guard index + length <= input.count else { return ("\u{FFFD}", 1) }
        var iterator = input[index..<(index + length)].makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, length) }
        return ("\u{FFFD}", 1)
    }

    private var lastWidth = 0

    private mutating func next() -> Unicode.Scalar? {
        guard let (scalar, width) = rune(at: pos) else {
            lastWidth = 0
            return nil
        }
        lastWidth = width
        pos += width
        if scalar == "\n" { line += 1 }
        return scalar
    }

    private func peek() -> Unicode.Scalar? { rune(at: pos)?.0 }

    private mutating func backup() {
        pos -= lastWidth
        if lastWidth == 1, input[pos] == UInt8(ascii: "\n") { line -= 1 }
    }

    private func text(_ from: Int, _ to: Int) -> String { String(decoding: input[from..<to], as: UTF8.self) }

    private mutating func emit(_ kind: Token.Kind) {
        tokens.append(Token(kind: kind, pos: start, value: text(start, pos), line: startLine))
        start = pos
        startLine = line
    }

    private mutating func ignore() {
        line += input[start..<pos].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        start = pos
        startLine = line
    }

    private mutating func accept(_ valid: String) -> Bool {
        if let scalar = next(), valid.unicodeScalars.contains(scalar) { return true }
        if lastWidth > 0 { backup() }
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while let scalar = next(), valid.unicodeScalars.contains(scalar) {}
        if lastWidth > 0 { backup() }
    }

    private mutating func error(_ message: String) -> State {
        tokens.append(Token(kind: .error, pos: start, value: message, line: startLine))
        return .done
    }

    private func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        index + prefix.count <= input.count && Array(input[index..<(index + prefix.count)]) == prefix
    }

    private static func isSpace(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }

    private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func isAlphaNumeric(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        if scalar == "_" { return true }
        if scalar.isASCII { return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }

    /// `{{- ` at `index` (after the delimiter): a dash followed by white space.
    private func hasLeftTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && input[index] == UInt8(ascii: "-") && Self.isSpaceByte(input[index + 1])
    }

    /// ` -}}` at `index`: white space followed by a dash.
    private func hasRightTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && Self.isSpaceByte(input[index]) && input[index + 1] == UInt8(ascii: "-")
    }

    private func atRightDelim() -> (delim: Bool, trimSpaces: Bool) {
        if hasRightTrimMarker(at: pos), hasPrefix(Self.rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(Self.rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private func leftTrimLength(at index: Int) -> Int {
        var i = index
        while i < input.count, Self.isSpaceByte(input[i]) { i += 1 }
        return i - index
    }

    private func rightTrimLength(_ from: Int, _ to: Int) -> Int {
        var i = to
        while i > from, Self.isSpaceByte(input[i - 1]) { i -= 1 }
        return to - i
    }

    // MARK: - States

    private mutating func lexText() -> State {
        var x = pos
        var found = false
        while x + 1 < input.count {
            if input[x] == UInt8(ascii: "{"), input[x + 1] == UInt8(ascii: "{") { found = true; break }
            x += 1
        }
        if found {
            if x > pos {
                pos = x
                var trimLength = 0
                if hasLeftTrimMarker(at: pos + 2) { trimLength = rightTrimLength(start, pos) }
                pos -= trimLength
                line += input[start..<pos].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                let token = Token(kind: .text, pos: start, value: text(start, pos), line: startLine)
                start = pos
                startLine = line
                pos += trimLength
                ignore()
                if !token.value.isEmpty { tokens.append(token) }
            }
            return .leftDelim
        }
        pos = input.count
        if pos > start {
            line += input[start..<pos].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            emit(.text)
        }
        emit(.eof)
        return .done
    }

    private mutating func lexLeftDelim() -> State {
        pos += 2
        let trimSpace = hasLeftTrimMarker(at: pos)
        let afterMarker = trimSpace ? 2 : 0
        if hasPrefix(Array("/*".utf8), at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return .comment
        }
        let token = Token(kind: .leftDelim, pos: start, value: "{{", line: startLine)
        tokens.append(token)
        start = pos
        startLine = line
        pos += afterMarker
        ignore()
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State {
        pos += 2
        var x = pos
        var found = false
        while x + 1 < input.count {
            if input[x] == UInt8(ascii: "*"), input[x + 1] == UInt8(ascii: "/") { found = true; break }
            x += 1
        }
        guard found else { return error("unclosed comment") }
        pos = x + 2
        let (delim, trimSpace) = atRightDelim()
        guard delim else { return error("comment ends before closing delimiter") }
        if trimSpace { pos += 2 }
        pos += 2
        if trimSpace { pos += leftTrimLength(at: pos) }
        ignore()
        return .text
    }

    private mutating func lexRightDelim() -> State {
        let (_, trimSpace) = atRightDelim()
        if trimSpace {
            pos += 2
            ignore()
        }
        pos += 2
        emit(.rightDelim)
        if trimSpace {
            pos += leftTrimLength(at: pos)
            ignore()
        }
        return .text
    }

    private mutating func lexInsideAction() -> State {
        let (delim, _) = atRightDelim()
        if delim {
            if parenDepth == 0 { return .rightDelim }
            return error("unclosed left paren")
        }
        guard let r = next() else { return error("unclosed action") }
        switch r {
        case " ", "\t", "\r", "\n":
            backup()
            return lexSpace()
        case "=":
            emit(.assign)
        case ":":
            if next() != "=" { return error("expected :=") }
            emit(.declare)
        case "|":
            emit(.pipe)
        case "\"":
            return lexQuote()
        case "`":
            return lexRawQuote()
        case "$":
            return lexVariable()
        case "'":
            return lexChar()
        case ".":
            if pos < input.count {
                let c = input[pos]
                if c < UInt8(ascii: "0") || UInt8(ascii: "9") < c { return lexFieldOrVariable(.field) }
            }
            backup()
            return lexNumber()
        case "+", "-", "0"..."9":
            backup()
            return lexNumber()
        case "(":
            emit(.leftParen)
            parenDepth += 1
        case ")":
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return error("unexpected right paren") }
        default:
            if Self.isAlphaNumeric(r) {
                backup()
                return lexIdentifier()
            }
            if r.isASCII, r.value >= 0x20, r.value < 0x7F {
                emit(.char)
            } else {
                return error("unrecognized character in action: \(Self.describe(r))")
            }
        }
        return .insideAction
    }

    /// Go's `%#U`: `U+0001` followed by the quoted character when printable.
    static func describe(_ scalar: Unicode.Scalar?) -> String {
        guard let scalar else { return "U+FFFFFFFFFFFFFFFF" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return GoQuote.isPrint(scalar) ? "\(code) '\(Character(scalar))'" : code
    }

    private mutating func lexSpace() -> State {
        var numSpaces = 0
        while Self.isSpace(peek()) {
            _ = next()
            numSpaces += 1
        }
        if hasRightTrimMarker(at: pos - 1), hasPrefix(Self.rightDelim, at: pos - 1 + 2) {
            backup()
            if numSpaces == 1 { return .rightDelim }
        }
        emit(.space)
        return .insideAction
    }

    private mutating func lexIdentifier() -> State {
        while true {
            let r = next()
            if Self.isAlphaNumeric(r) { continue }
            if lastWidth > 0 { backup() }
            let word = text(start, pos)
            if !atTerminator() { return error("bad character \(Self.describe(r))") }
            switch word {
            case "block": emit(.block)
            case "break": emit(.breakKeyword)
            case "continue": emit(.continueKeyword)
            case "define": emit(.define)
            case "else": emit(.elseKeyword)
            case "end": emit(.end)
            case "if": emit(.ifKeyword)
            case "range": emit(.range)
            case "nil": emit(.nilKeyword)
            case "template": emit(.template)
            case "with": emit(.with)
            case "true", "false": emit(.bool)
            default: emit(.identifier)
            }
            return .insideAction
        }
    }

    private mutating func lexVariable() -> State {
        if atTerminator() {
            emit(.variable)
            return .insideAction
        }
        return lexFieldOrVariable(.variable)
    }

    private mutating func lexFieldOrVariable(_ kind: Token.Kind) -> State {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        var r: Unicode.Scalar?
        while true {
            r = next()
            if !Self.isAlphaNumeric(r) {
                if lastWidth > 0 { backup() }
                break
            }
        }
        if !atTerminator() { return error("bad character \(Self.describe(r))") }
        emit(kind)
        return .insideAction
    }

    private func atTerminator() -> Bool {
        let r = peek()
        if Self.isSpace(r) { return true }
        switch r {
        case nil, ".", ",", "|", ":", ")", "(": return true
        default: return hasPrefix(Self.rightDelim, at: pos)
        }
    }

    private mutating func lexChar() -> State {
        loop: while true {
            switch next() {
            case "\\":
                if let r = next(), r != "\n" { continue loop }
                return error("unterminated character constant")
            case nil, "\n":
                return error("unterminated character constant")
            case "'":
                break loop
            default:
                continue loop
            }
        }
        emit(.charConstant)
        return .insideAction
    }

    private mutating func lexNumber() -> State {
        if !scanNumber() { return error("bad number syntax: \(GoQuote.quote(text(start, pos)))") }
        if let sign = peek(), sign == "+" || sign == "-" {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return error("bad number syntax: \(GoQuote.quote(text(start, pos)))")
            }
            emit(.complex)
        } else {
            emit(.number)
        }
        return .insideAction
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11, accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23, accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Self.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexQuote() -> State {
        loop: while true {
            switch next() {
            case "\\":
                if let r = next(), r != "\n" { continue loop }
                return error("unterminated quoted string")
            case nil, "\n":
                return error("unterminated quoted string")
            case "\"":
                break loop
            default:
                continue loop
            }
        }
        emit(.string)
        return .insideAction
    }

    private mutating func lexRawQuote() -> State {
        loop: while true {
            switch next() {
            case nil:
                return error("unterminated raw quoted string")
            case "`":
                break loop
            default:
                continue loop
            }
        }
        emit(.rawString)
        return .insideAction
    }
}
