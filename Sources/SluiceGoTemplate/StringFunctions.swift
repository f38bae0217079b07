import SluiceCore

/// Sprig's string functions: case, trimming, quoting, indenting, splitting, joining, abbreviating, wrapping, random strings.
enum StringFunctions {
    /// The most bytes (or elements) one function call may generate: `repeat`, `until` and friends refuse more.
    static let maxGeneratedSize = 64 << 20

    static func register(in table: inout FunctionTable) {
        func string(_ name: String, _ transform: @escaping @Sendable (String) -> String) {
            table.add(name, [.string]) { _, args in .string(transform(args[0].stringValue!)) }
        }
        func string2(_ name: String, _ transform: @escaping @Sendable (String, String) -> GoValue) {
            table.add(name, [.string, .string]) { _, args in transform(args[0].stringValue!, args[1].stringValue!) }
        }
        string("trim", GoString.trimSpace)
        string("upper") { mapScalars($0) { $0.properties.uppercaseMapping } }
        string("lower") { mapScalars($0) { $0.properties.lowercaseMapping } }
        string("title", title)
        string("untitle", untitle)
        string("nospace") { String(String.UnicodeScalarView($0.unicodeScalars.filter { !GoString.isSpace($0) })) }
        string("initials", initials)
        string("swapcase", swapCase)
        string("shuffle") { String($0.shuffled()) }
        string("snakecase", snakeCase)
        string("camelcase", camelCase)
        string("kebabcase", kebabCase)
        string2("trimAll") { .string(GoString.trim($1, cutset: $0)) }
        string2("trimall") { .string(GoString.trim($1, cutset: $0)) }
        string2("trimSuffix") { .string($1.utf8.count >= $0.utf8.count && $1.utf8.reversed().starts(with: $0.utf8.reversed()) ? GoString.slice($1, from: 0, to: $1.utf8.count - $0.utf8.count) : $1) }
        string2("trimPrefix") { .string($1.utf8.starts(with: $0.utf8) ? GoString.slice($1, from: $0.utf8.count, to: $1.utf8.count) : $1) }
        string2("contains") { .bool($0.isEmpty || GoString.split($1, separator: $0).count > 1) }
        string2("hasPrefix") { .bool($1.utf8.starts(with: $0.utf8)) }
        string2("hasSuffix") { .bool($1.utf8.reversed().starts(with: $0.utf8.reversed())) }
        table.add("abbrev", [.int, .string]) { _, args in .string(abbreviate(args[1].stringValue!, width: intArg(args[0]))) }
        table.add("abbrevboth", [.int, .int, .string]) { _, args in
            .string(abbreviateBoth(args[2].stringValue!, left: intArg(args[0]), right: intArg(args[1])))
        }
        table.add("trunc", [.int, .string]) { _, args in
            let c = intArg(args[0])
            let s = args[1].stringValue!
            let count = s.utf8.count
            if c < 0, count + c > 0 { return .string(GoString.slice(s, from: count + c, to: count)) }
            if c >= 0, count > c { return .string(GoString.slice(s, from: 0, to: c)) }
            return .string(s)
        }
        table.add("substr", [.int, .int, .string]) { _, args throws(FunctionError) in
            let start = intArg(args[0])
            let end = intArg(args[1])
            let s = args[2].stringValue!
            let count = s.utf8.count
            func bounds(_ low: Int, _ high: Int) throws(FunctionError) -> String {
                guard low >= 0, low <= high, high <= count else {
                    if high > count || high < 0 { throw FunctionError("runtime error: slice bounds out of range [:\(high)] with length \(count)") }
                    throw FunctionError("runtime error: slice bounds out of range [\(low):\(high)]")
                }
                return GoString.slice(s, from: low, to: high)
            }
            if start < 0 { return .string(try bounds(0, end)) }
            if end < 0 || end > count { return .string(try bounds(start, count)) }
            return .string(try bounds(start, end))
        }
        table.add("hello", []) { _, _ in .string("Hello!") }
        table.add("repeat", [.int, .string]) { _, args throws(FunctionError) in
            let count = intArg(args[0])
            guard count >= 0 else { throw FunctionError("strings: negative Repeat count") }
            let text = args[1].stringValue!
            guard count == 0 || text.utf8.count <= maxGeneratedSize / count else {
                throw FunctionError("strings: Repeat output exceeds \(maxGeneratedSize) bytes")
            }
            return .string(String(repeating: args[1].stringValue!, count: count))
        }
        table.add("wrap", [.int, .string]) { _, args in .string(wrap(args[1].stringValue!, width: intArg(args[0]), newline: "\n", wrapLong: false)) }
        table.add("wrapWith", [.int, .string, .string]) { _, args in
            .string(wrap(args[2].stringValue!, width: intArg(args[0]), newline: args[1].stringValue!, wrapLong: true))
        }
        table.add("quote", [], variadic: .any) { _, args in
            .string(args.filter { !$0.isNil }.map { GoQuote.quote(ConversionFunctions.strval($0)) }.joined(separator: " "))
        }
        table.add("squote", [], variadic: .any) { _, args in
            .string(args.filter { !$0.isNil }.map { "'" + GoFormatter.string($0) + "'" }.joined(separator: " "))
        }
        table.add("cat", [], variadic: .any) { _, args in
            .string(args.filter { !$0.isNil }.map(GoFormatter.string).joined(separator: " "))
        }
        table.add("indent", [.int, .string]) { _, args in .string(indent(args[1].stringValue!, by: intArg(args[0]))) }
        table.add("nindent", [.int, .string]) { _, args in .string("\n" + indent(args[1].stringValue!, by: intArg(args[0]))) }
        table.add("replace", [.string, .string, .string]) { _, args in
            .string(GoString.replaceAll(args[2].stringValue!, args[0].stringValue!, args[1].stringValue!))
        }
        table.add("plural", [.string, .string, .int]) { _, args in intArg(args[2]) == 1 ? args[0] : args[1] }
        table.add("split", [.string, .string]) { _, args in
            .map(partsMap(GoString.split(args[1].stringValue!, separator: args[0].stringValue!)))
        }
        table.add("splitn", [.string, .int, .string]) { _, args in
            .map(partsMap(GoString.split(args[2].stringValue!, separator: args[0].stringValue!, limit: intArg(args[1]))))
        }
        table.add("splitList", [.string, .string]) { _, args in
            .strings(GoString.split(args[1].stringValue!, separator: args[0].stringValue!))
        }
        table.add("join", [.string, .any]) { _, args throws(FunctionError) in
            .string(try ConversionFunctions.strslice(args[1]).joined(separator: args[0].stringValue!))
        }
        table.add("sortAlpha", [.any]) { _, args throws(FunctionError) in
            switch args[0] {
            case .slice: return .strings(try ConversionFunctions.strslice(args[0]).sorted(by: GoString.less))
            default: return .strings([ConversionFunctions.strval(args[0])])
            }
        }
        table.add("randAlphaNum", [.int]) { _, args in .string(random(intArg(args[0]), from: letters + digits)) }
        table.add("randAlpha", [.int]) { _, args in .string(random(intArg(args[0]), from: letters)) }
        table.add("randNumeric", [.int]) { _, args in .string(random(intArg(args[0]), from: digits)) }
        table.add("randAscii", [.int]) { _, args in
            .string(random(intArg(args[0]), from: (32...126).map { Character(Unicode.Scalar(UInt8($0))) }))
        }
    }

    /// Go's `strings.ToUpper`/`ToLower`: each rune by its simple (one-rune) mapping; a rune whose only mapping is longer (`ß`) stays.
    static func mapScalars(_ s: String, _ mapping: (Unicode.Scalar) -> String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(simple(scalar, mapping)) }
        return String(out)
    }

    private static func simple(_ scalar: Unicode.Scalar, _ mapping: (Unicode.Scalar) -> String) -> Unicode.Scalar {
        let mapped = mapping(scalar).unicodeScalars
        return mapped.count == 1 ? mapped.first! : scalar
    }

    static func intArg(_ value: GoValue) -> Int {
        if case .int(let i) = value { return i }
        return Int(ConversionFunctions.toInt64(value))
    }

    private static let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    private static let digits = Array("0123456789")

    private static func random(_ count: Int, from alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<max(0, count)).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// `map[string]string` of `_0`, `_1`, … as Sprig's `split` returns.
    private static func partsMap(_ parts: [String]) -> GoMap {
        var entries: [String: GoValue] = [:]
        for (index, part) in parts.enumerated() { entries["_\(index)"] = .string(part) }
        return GoMap(entries, elementType: .string)
    }

    /// Sprig's `indent`: the pad before the text and after every newline.
    static func indent(_ s: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: max(0, spaces))
        return pad + GoString.replaceAll(s, "\n", "\n" + pad)
    }

    /// Go's `strings.Title`: the first letter of every word upper-cased (title case).
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            if isSeparator(previous) {
                out.append(simple(scalar) { $0.properties.titlecaseMapping })
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return String(out)
    }

    /// `strings.Title`'s word boundaries: ASCII other than letters, digits and `_`; white space; nothing else.
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" { return false }
            return true
        }
        if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return false }
        return GoString.isSpace(scalar)
    }

    /// goutils' `Uncapitalize`: the first letter of every white-space-separated word lower-cased.
    static func untitle(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var atWordStart = true
        for scalar in s.unicodeScalars {
            if GoString.isSpace(scalar) {
                atWordStart = true
                out.append(scalar)
            } else if atWordStart {
                out.append(simple(scalar) { $0.properties.lowercaseMapping })
                atWordStart = false
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// goutils' `Initials`: the first rune of every white-space-separated word.
    static func initials(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var atWordStart = true
        for scalar in s.unicodeScalars {
            if GoString.isSpace(scalar) {
                atWordStart = true
            } else if atWordStart {
                out.append(scalar)
                atWordStart = false
            }
        }
        return String(out)
    }

    /// goutils' `SwapCase`.
    static func swapCase(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var whitespace = true
        for scalar in s.unicodeScalars {
            let properties = scalar.properties
            if properties.isUppercase {
                out.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                whitespace = false
            } else if properties.isLowercase {
                if whitespace {
                    out.append(contentsOf: properties.titlecaseMapping.unicodeScalars)
                    whitespace = false
                } else {
                    out.append(contentsOf: properties.uppercaseMapping.unicodeScalars)
                }
            } else {
                whitespace = GoString.isSpace(scalar)
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Words as xstrings splits them for its case conversions: on non-alphanumerics and at lower→upper and acronym boundaries.
    private static func words(_ s: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        let scalars = Array(s.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            let isAlnum = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
            if !isAlnum {
                if !current.isEmpty { words.append(String(current)); current = .init() }
                continue
            }
            if let last = current.last {
                // xstrings: a number after letters joins them ("Bld4Floor" → bld4, floor) unless lower-case letters
                // follow it, when it starts a word of its own with them ("Two2xOK" → two, 2x, ok).
                let isDigit = { (r: Unicode.Scalar) in ("0"..."9").contains(r) }
                if isDigit(scalar), !isDigit(last) {
                    var end = index
                    while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                    if end < scalars.count, scalars[end].properties.isLowercase {
                        words.append(String(current))
                        current = .init()
                        current.append(scalar)
                        continue
                    }
                }
                let lastUpper = last.properties.isUppercase
                let upper = scalar.properties.isUppercase
                let nextLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                if upper && (!lastUpper || nextLower) {
                    words.append(String(current))
                    current = .init()
                }
            }
            current.append(scalar)
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// xstrings' `ToSnakeCase`: `FirstName` → `first_name`.
    static func snakeCase(_ s: String) -> String { words(s).map { $0.lowercased() }.joined(separator: "_") }

    /// xstrings' `ToKebabCase`: `FirstName` → `first-name`.
    static func kebabCase(_ s: String) -> String { words(s).map { $0.lowercased() }.joined(separator: "-") }

    /// xstrings' `ToCamelCase` (v1.3): connectors (`_`, `-`, white space) dropped, the rune after one upper-cased,
    /// every other rune lower-cased, leading connectors kept: `http_server` → `HttpServer`.
    static func camelCase(_ s: String) -> String {
        func isConnector(_ r: Unicode.Scalar) -> Bool { r == "-" || r == "_" || GoString.isSpace(r) }
        func upper(_ r: Unicode.Scalar) -> Unicode.Scalar { simple(r) { $0.properties.uppercaseMapping } }
        func lower(_ r: Unicode.Scalar) -> Unicode.Scalar { simple(r) { $0.properties.lowercaseMapping } }
        var scalars = Array(s.unicodeScalars)[...]
        guard !scalars.isEmpty else { return "" }
        var out = String.UnicodeScalarView()
        var r0: Unicode.Scalar = " "
        var found = false
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            if !isConnector(next) {
                r0 = upper(next)
                found = true
                break
            }
            out.append(next)
        }
        if scalars.isEmpty {
            if found { out.append(r0) }
            return String(out)
        }
        while let next = scalars.first {
            scalars = scalars.dropFirst()
            let r1 = r0
            r0 = next
            if isConnector(r0) && isConnector(r1) {
                out.append(r1)
                continue
            }
            if isConnector(r1) {
                r0 = upper(r0)
            } else {
                r0 = lower(r0)
                out.append(r1)
            }
        }
        out.append(r0)
        return String(out)
    }

    /// goutils' `Abbreviate` (`abbrev`): at most `width` runes, ending in `...`.
    static func abbreviate(_ s: String, width: Int) -> String {
        if width < 4 { return s }
        return abbreviateBoth(s, left: 0, right: width)
    }

    /// goutils' `AbbreviateFull` (`abbrevboth`).
    static func abbreviateBoth(_ s: String, left offset: Int, right maxWidth: Int) -> String {
        if maxWidth < 4 || offset > 0 && maxWidth < 7 { return s }
        let scalars = Array(s.unicodeScalars)
        let count = scalars.count
        if count <= maxWidth { return s }
        var offset = offset
        if offset > count { offset = count }
        if count - offset < maxWidth - 3 { offset = count - (maxWidth - 3) }
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        if offset <= 4 { return text(0..<(maxWidth - 3)) + "..." }
        if offset + maxWidth - 3 < count {
            return "..." + abbreviate(text(offset..<count), width: maxWidth - 3)
        }
        return "..." + text((count - (maxWidth - 3))..<count)
    }

    /// goutils' `WrapCustom`: lines broken at spaces before `width`; long words broken too when `wrapLong`.
    static func wrap(_ s: String, width: Int, newline: String, wrapLong: Bool) -> String {
        let width = max(width, 1)
        let scalars = Array(s.unicodeScalars)
        let inputLength = scalars.count
        var offset = 0
        var out = ""
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        while inputLength - offset > width {
            if scalars[offset] == " " {
                offset += 1
                continue
            }
            let end = min(width + offset + 1, inputLength)
            let spaceToWrapAt = text(offset..<end).unicodeScalars.lastIndex(of: " ").map { text(offset..<end).unicodeScalars.distance(from: text(offset..<end).unicodeScalars.startIndex, to: $0) + offset } ?? -1
            if spaceToWrapAt >= offset {
                out += text(offset..<spaceToWrapAt) + newline
                offset = spaceToWrapAt + 1
            } else if wrapLong {
                out += text(offset..<(width + offset)) + newline
                offset += width
            } else {
                let rest = text((width + offset)..<inputLength)
                if let space = rest.unicodeScalars.firstIndex(of: " ") {
                    let at = rest.unicodeScalars.distance(from: rest.unicodeScalars.startIndex, to: space) + width + offset
                    out += text(offset..<at) + newline
                    offset = at + 1
                } else {
                    out += text(offset..<inputLength)
                    offset = inputLength
                }
            }
        }
        out += text(offset..<inputLength)
        return out
    }
}
