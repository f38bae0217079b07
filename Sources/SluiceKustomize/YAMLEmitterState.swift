import SluiceCore

/// The go-yaml (libyaml) emitter state that decides line breaks and indentation.
struct YAMLWriterState {
    /// The UTF-8 written so far (bytes rather than a `String`, which re-checks its contents on every append).
    var output: [UInt8] = []
    var column = 0
    var indent = -1
    var indents: [Int] = []
    var whitespace = true
    var indention = true
    var openEnded = false
    let bestIndent = 2
    let bestWidth = 80

    /// Writes indicators and escapes; these are ASCII, so bytes and columns agree.
    mutating func put(_ text: String) {
        output.append(contentsOf: text.utf8)
        column += text.utf8.count
    }

    mutating func putBreak() {
        output.append(UInt8(ascii: "\n"))
        column = 0
    }

    /// Appends one scalar's UTF-8.
    mutating func append(_ c: Unicode.Scalar) {
        if c.isASCII {
            output.append(UInt8(truncatingIfNeeded: c.value))
        } else if let encoded = UTF8.encode(c) {
            output.append(contentsOf: encoded)
        }
    }

    mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) { putBreak() }
        if column < target {
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: target - column))
            column = target
        }
        whitespace = true
        indention = true
    }

    mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace { put(" ") }
        put(indicator)
        whitespace = isWhitespace
        indention = indention && isIndention
        openEnded = false
    }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            indent += bestIndent
        }
    }

    mutating func popIndent() { indent = indents.removeLast() }

    mutating func emitNode(_ value: JSONValue, mappingContext: Bool, simpleKey: Bool) {
        switch value {
        case .object(let object) where !object.isEmpty:
            increaseIndent(flow: false, indentless: false)
            for key in YAMLKeyOrder.sorted(object.keys) {
                writeIndent()
                // libyaml writes keys over 128 bytes or with line breaks as complex keys (`? key` / `: value`).
                if key.utf8.count <= 128 && !key.unicodeScalars.contains(where: Self.isBreak) {
                    emitScalar(key, simpleKey: true)
                    writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
                } else {
                    writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                    emitScalar(key, simpleKey: false)
                    writeIndent()
                    writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
                }
                emitNode(object[key]!, mappingContext: true, simpleKey: false)
            }
            popIndent()
        case .object:
            writeIndicator("{", needWhitespace: true, isWhitespace: true, isIndention: false)
            writeIndicator("}", needWhitespace: false, isWhitespace: false, isIndention: false)
        case .array(let items) where !items.isEmpty:
            increaseIndent(flow: false, indentless: mappingContext && !indention)
            for item in items {
                writeIndent()
                writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
                emitNode(item, mappingContext: false, simpleKey: false)
            }
            popIndent()
        case .array:
            writeIndicator("[", needWhitespace: true, isWhitespace: true, isIndention: false)
            writeIndicator("]", needWhitespace: false, isWhitespace: false, isIndention: false)
        case .null:
            emitPlain("null", simpleKey: simpleKey)
        case .bool(let flag):
            emitPlain(flag ? "true" : "false", simpleKey: simpleKey)
        case .int(let number):
            emitPlain(String(number), simpleKey: simpleKey)
        case .double(let number):
            emitPlain(GoNumberFormat.yamlFloat(number), simpleKey: simpleKey)
        case .string(let text):
            emitScalar(text, simpleKey: simpleKey)
        }
    }

    mutating func emitPlain(_ text: String, simpleKey: Bool) {
        increaseIndent(flow: true, indentless: false)
        writePlain(Array(text.unicodeScalars), allowBreaks: !simpleKey)
        popIndent()
    }

    enum Style { case plain, single, double, literal }

    /// A string scalar: go-yaml v2's `stringv` picks the requested style, libyaml's analysis may override it.
    mutating func emitScalar(_ text: String, simpleKey: Bool) {
        let scalars = Array(text.unicodeScalars)
        let analysis = ScalarAnalysis(scalars)
        var style: Style
        if text.contains("\n") {
            style = .literal
        } else if YAMLResolver.isPlainString(text) {
            style = .plain
        } else {
            style = .double
        }
        if simpleKey && analysis.multiline { style = .double }
        if style == .plain {
            if !analysis.blockPlainAllowed { style = .single }
            if scalars.isEmpty && simpleKey { style = .single }
        }
        if style == .single && !analysis.singleQuotedAllowed { style = .double }
        if style == .literal && (!analysis.blockAllowed || simpleKey) { style = .double }
        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain: writePlain(scalars, allowBreaks: !simpleKey)
        case .single: writeSingleQuoted(scalars, allowBreaks: !simpleKey)
        case .double: writeDoubleQuoted(scalars, allowBreaks: !simpleKey)
        case .literal: writeLiteral(scalars)
        }
        popIndent()
    }

    static func isSpace(_ c: Unicode.Scalar?) -> Bool { c == " " }
    static func isBreak(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c == "\r" || c == "\n" || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
    }

    mutating func writeScalarCharacter(_ c: Unicode.Scalar) {
        append(c)
        column += 1
    }

    mutating func writeBreak(_ c: Unicode.Scalar) {
        if c == "\n" {
            putBreak()
        } else {
            append(c)
            column = 0
        }
    }

    mutating func writePlain(_ value: [Unicode.Scalar], allowBreaks: Bool) {
        if !whitespace { put(" ") }
        var spaces = false
        var breaks = false
        var i = 0
        while i < value.count {
            let c = value[i]
            if Self.isSpace(c) {
                if allowBreaks && !spaces && column > bestWidth && !Self.isSpace(i + 1 < value.count ? value[i + 1] : nil) {
                    writeIndent()
                } else {
                    writeScalarCharacter(c)
                }
                spaces = true
            } else if Self.isBreak(c) {
                if !breaks && c == "\n" { putBreak() }
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                writeScalarCharacter(c)
                indention = false
                spaces = false
                breaks = false
            }
            i += 1
        }
        whitespace = false
        indention = false
    }

    mutating func writeSingleQuoted(_ value: [Unicode.Scalar], allowBreaks: Bool) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var breaks = false
        var i = 0
        while i < value.count {
            let c = value[i]
            if Self.isSpace(c) {
                if allowBreaks && !spaces && column > bestWidth && i != 0 && i != value.count - 1 && !Self.isSpace(value[i + 1]) {
                    writeIndent()
                } else {
                    writeScalarCharacter(c)
                }
                spaces = true
            } else if Self.isBreak(c) {
                if !breaks && c == "\n" { putBreak() }
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if c == "'" { writeScalarCharacter("'") }
                writeScalarCharacter(c)
                indention = false
                spaces = false
                breaks = false
            }
            i += 1
        }
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    mutating func writeDoubleQuoted(_ value: [Unicode.Scalar], allowBreaks: Bool) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        // go-yaml v2's `is_bom` looks at the start of the value whatever the position, so a value that starts with a
        // byte order mark has every character escaped (`"\uFEFF\x62\x6F…"`), as `kubectl kustomize` prints it.
        let escapesEverything = value.first?.value == 0xFEFF
        var spaces = false
        var i = 0
        while i < value.count {
            let c = value[i]
            if escapesEverything || !ScalarAnalysis.isPrintable(c) || c.value == 0xFEFF || Self.isBreak(c) || c == "\"" || c == "\\" {
                put("\\")
                switch c.value {
                case 0x00: put("0")
                case 0x07: put("a")
                case 0x08: put("b")
                case 0x09: put("t")
                case 0x0A: put("n")
                case 0x0B: put("v")
                case 0x0C: put("f")
                case 0x0D: put("r")
                case 0x1B: put("e")
                case 0x22: put("\"")
                case 0x5C: put("\\")
                case 0x85: put("N")
                case 0xA0: put("_")
                case 0x2028: put("L")
                case 0x2029: put("P")
                default:
                    let (prefix, width) = c.value <= 0xFF ? ("x", 2) : c.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                    let hex = String(c.value, radix: 16, uppercase: true)
                    put(prefix + String(repeating: "0", count: max(0, width - hex.count)) + hex)
                }
                spaces = false
            } else if Self.isSpace(c) {
                if allowBreaks && !spaces && column > bestWidth && i != 0 && i != value.count - 1 {
                    writeIndent()
                    if Self.isSpace(value[i + 1]) { put("\\") }
                } else {
                    writeScalarCharacter(c)
                }
                spaces = true
            } else {
                writeScalarCharacter(c)
                spaces = false
            }
            i += 1
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    mutating func writeLiteral(_ value: [Unicode.Scalar]) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        // Block scalar hints: an indentation indicator when the text starts with a space or break, then chomping.
        if let first = value.first, Self.isSpace(first) || Self.isBreak(first) {
            writeIndicator(String(bestIndent), needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = false
        var chomp: String?
        if value.isEmpty {
            chomp = "-"
        } else if !Self.isBreak(value[value.count - 1]) {
            chomp = "-"
        } else if value.count == 1 {
            chomp = "+"
            openEnded = true
        } else if Self.isBreak(value[value.count - 2]) {
            chomp = "+"
            openEnded = true
        }
        if let chomp { writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false) }
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        for c in value {
            if Self.isBreak(c) {
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                writeScalarCharacter(c)
                indention = false
                breaks = false
            }
        }
    }
}
