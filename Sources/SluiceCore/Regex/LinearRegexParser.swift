/// Parses RE2's syntax as Go's `regexp/syntax` does with its `Perl` flags, into a ``LinearRegexNode``; errors carry Go's wording.
struct LinearRegexParser {
    private let pattern: [Unicode.Scalar]
    private let source: String
    private var position = 0
    private var flags = Flags()
    private var depth = 0
    /// The name of each capturing group so far, in order of their `(` (nil: unnamed).
    private(set) var captureNames: [String?] = []

    /// The Perl flags in effect: `i` (fold case), `m` (`^`/`$` at lines), `s` (`.` takes `\n`), `U` (repetitions prefer
    /// fewer, and a `?` after one makes it prefer more).
    private struct Flags {
        var foldsCase = false
        var multiLine = false
        var dotAll = false
        var ungreedy = false
    }

    /// The deepest nesting of groups Go accepts.
    static let maxDepth = 1_000
    /// The largest repeat count RE2 accepts.
    static let maxRepeat = 1_000

    init(_ pattern: String) {
        source = pattern
        self.pattern = Array(pattern.unicodeScalars)
    }

    /// The whole pattern.
    mutating func parse() throws(LinearRegexSyntaxError) -> LinearRegexNode {
        let node = try parseAlternation()
        if position < pattern.count {
            // Only an unmatched `)` stops the top level early.
            throw LinearRegexSyntaxError("unexpected )", source)
        }
        return node
    }

    private var peek: Unicode.Scalar? { position < pattern.count ? pattern[position] : nil }

    private func text(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: pattern[max(0, range.lowerBound)..<min(pattern.count, range.upperBound)])
        return String(result)
    }

    private mutating func parseAlternation() throws(LinearRegexSyntaxError) -> LinearRegexNode {
        var branches = [try parseConcatenation()]
        while peek == "|" {
            position += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(LinearRegexSyntaxError) -> LinearRegexNode {
        var items: [LinearRegexNode] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            let start = position
            if try repeatOperator() != nil {
                // A repetition operator with nothing before it (the start of a group or branch, or after a flag group).
                throw LinearRegexSyntaxError("missing argument to repetition operator", text(start..<position))
            }
            guard var atom = try parseAtom() else { continue }
            var previousOperator: Int?
            while true {
                let operatorStart = position
                guard let (min, max) = try repeatOperator() else { break }
                var greedy = !flags.ungreedy
                if peek == "?" {
                    position += 1
                    greedy.toggle()
                }
                if let previousOperator {
                    throw LinearRegexSyntaxError("invalid nested repetition operator", text(previousOperator..<position))
                }
                previousOperator = operatorStart
                atom = .repetition(atom, min: min, max: max, greedy: greedy)
            }
            items.append(atom)
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concatenation(items)
        }
    }

    /// Reads `*`, `+`, `?` or a valid `{n}`, `{n,}`, `{n,m}`; `nil` (reading nothing) when none is next.
    private mutating func repeatOperator() throws(LinearRegexSyntaxError) -> (Int, Int?)? {
        switch peek {
        case "*": position += 1; return (0, nil)
        case "+": position += 1; return (1, nil)
        case "?": position += 1; return (0, 1)
        case "{":
            let start = position
            var index = position + 1
            func number(_ index: inout Int) -> Int? {
                var value = 0, digits = 0
                while index < pattern.count, ("0"..."9").contains(pattern[index]) {
                    value = min(value * 10 + Int(pattern[index].value - 0x30), 100_000)
                    digits += 1
                    index += 1
                }
                return digits > 0 ? value : nil
            }
            guard let low = number(&index) else { return nil }
            var high: Int? = low
            if index < pattern.count, pattern[index] == "," {
                index += 1
                high = index < pattern.count && pattern[index] != "}" ? number(&index) : nil
                if high == nil, index < pattern.count, pattern[index] != "}" { return nil }
            }
            guard index < pattern.count, pattern[index] == "}" else { return nil }
            position = index + 1
            if low > Self.maxRepeat || (high ?? 0) > Self.maxRepeat || (high.map { $0 < low } ?? false) {
                throw LinearRegexSyntaxError("invalid repeat count", text(start..<position))
            }
            return (low, high)
        default:
            return nil
        }
    }

    /// One atom; `nil` for a flag group such as `(?i)`, which changes the flags and matches nothing.
    private mutating func parseAtom() throws(LinearRegexSyntaxError) -> LinearRegexNode? {
        guard let scalar = peek else { return .empty }
        switch scalar {
        case "(":
            return try parseGroup()
        case "[":
            return .scalar(try parseClass())
        case ".":
            position += 1
            return .scalar(flags.dotAll ? ScalarClass(ranges: [], negated: true) : ScalarClass(ranges: [0x0A...0x0A], negated: true))
        case "^":
            position += 1
            return .assertion(flags.multiLine ? .beginLine : .beginText)
        case "$":
            position += 1
            return .assertion(flags.multiLine ? .endLine : .endText)
        case "\\":
            return try parseEscapeOutsideClass()
        default:
            position += 1
            return .scalar(ScalarClass(scalar, foldsCase: flags.foldsCase))
        }
    }

    private mutating func parseGroup() throws(LinearRegexSyntaxError) -> LinearRegexNode? {
        let start = position
        position += 1
        if peek == "?" {
            position += 1
            if peek == "P" || peek == "<" {
                // Named group: (?P<name>re) or (?<name>re).
                if peek == "P" { position += 1 }
                guard peek == "<" else { throw LinearRegexSyntaxError("invalid named capture", text(start..<min(position + 1, pattern.count))) }
                let nameStart = position + 1
                guard let close = pattern[nameStart...].firstIndex(of: ">") else {
                    throw LinearRegexSyntaxError("invalid named capture", text(start..<pattern.count))
                }
                let name = pattern[nameStart..<close]
                let valid = !name.isEmpty && name.allSatisfy { $0 == "_" || ScalarClass.word.contains($0) || $0.properties.isAlphabetic }
                position = close + 1
                guard valid else { throw LinearRegexSyntaxError("invalid named capture", text(start..<position)) }
                let nameText = text(nameStart..<close)
                captureNames.append(nameText)
                let index = captureNames.count
                return .capture(index, try parseGroupBody(start: start, flags: flags))
            }
            // Flags: (?flags) or (?flags:re), flags from i, m, s, U, optionally negated after '-'.
            var newFlags = flags
            var negate = false
            var sawFlag = false
            while let scalar = peek {
                position += 1
                switch scalar {
                case "i": newFlags.foldsCase = !negate; sawFlag = true
                case "m": newFlags.multiLine = !negate; sawFlag = true
                case "s": newFlags.dotAll = !negate; sawFlag = true
                case "U": newFlags.ungreedy = !negate; sawFlag = true
                case "-":
                    guard !negate else { throw LinearRegexSyntaxError("invalid or unsupported Perl syntax", text(start..<position)) }
                    negate = true
                    sawFlag = false
                case ")", ":":
                    if negate && !sawFlag { throw LinearRegexSyntaxError("invalid or unsupported Perl syntax", text(start..<position)) }
                    if scalar == ")" {
                        flags = newFlags
                        return nil
                    }
                    return try parseGroupBody(start: start, flags: newFlags)
                default:
                    throw LinearRegexSyntaxError("invalid or unsupported Perl syntax", text(start..<position))
                }
            }
            throw LinearRegexSyntaxError("missing closing )", source)
        }
        captureNames.append(nil)
        let index = captureNames.count
        return .capture(index, try parseGroupBody(start: start, flags: flags))
    }

    /// The inside of a group up to its `)`, with `groupFlags`; the flags outside are restored after it.
    private mutating func parseGroupBody(start: Int, flags groupFlags: Flags) throws(LinearRegexSyntaxError) -> LinearRegexNode {
        depth += 1
        guard depth <= Self.maxDepth else { throw LinearRegexSyntaxError("expression nests too deeply", source) }
        let outer = flags
        flags = groupFlags
        let node = try parseAlternation()
        flags = outer
        depth -= 1
        guard peek == ")" else { throw LinearRegexSyntaxError("missing closing )", source) }
        position += 1
        return node
    }

    private mutating func parseEscapeOutsideClass() throws(LinearRegexSyntaxError) -> LinearRegexNode {
        guard position + 1 < pattern.count else { throw LinearRegexSyntaxError("trailing backslash at end of expression", "") }
        switch pattern[position + 1] {
        case "A": position += 2; return .assertion(.beginText)
        case "z": position += 2; return .assertion(.endText)
        case "b": position += 2; return .assertion(.wordBoundary)
        case "B": position += 2; return .assertion(.notWordBoundary)
        case "Q":
            // \Q...\E: literal text.
            position += 2
            var literal: [LinearRegexNode] = []
            while position < pattern.count {
                if pattern[position] == "\\", position + 1 < pattern.count, pattern[position + 1] == "E" {
                    position += 2
                    break
                }
                literal.append(.scalar(ScalarClass(pattern[position], foldsCase: flags.foldsCase)))
                position += 1
            }
            return .concatenation(literal)
        default:
            return .scalar(try parseEscape())
        }
    }

    /// An escape that stands for characters (shared by classes and the outside): `position` is at the backslash.
    private mutating func parseEscape() throws(LinearRegexSyntaxError) -> ScalarClass {
        let start = position
        guard position + 1 < pattern.count else { throw LinearRegexSyntaxError("trailing backslash at end of expression", "") }
        let scalar = pattern[position + 1]
        position += 2
        let folds = flags.foldsCase
        func invalid() -> LinearRegexSyntaxError { LinearRegexSyntaxError("invalid escape sequence", text(start..<position)) }
        switch scalar {
        case "d": return .digit
        case "D": return ScalarClass(ranges: ScalarClass.digit.ranges, negated: true)
        case "w": return .word
        case "W": return ScalarClass(ranges: ScalarClass.word.ranges, negated: true)
        case "s": return .space
        case "S": return ScalarClass(ranges: ScalarClass.space.ranges, negated: true)
        case "a": return ScalarClass("\u{07}")
        case "f": return ScalarClass("\u{0C}")
        case "n": return ScalarClass("\n")
        case "r": return ScalarClass("\r")
        case "t": return ScalarClass("\t")
        case "v": return ScalarClass("\u{0B}")
        case "x":
            var digits = ""
            if peek == "{" {
                position += 1
                while let next = peek, next != "}" {
                    digits.unicodeScalars.append(next)
                    position += 1
                }
                guard peek == "}" else { throw invalid() }
                position += 1
            } else {
                for _ in 0..<2 {
                    guard let next = peek else { throw invalid() }
                    digits.unicodeScalars.append(next)
                    position += 1
                }
            }
            guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16), let decoded = Unicode.Scalar(value) else {
                throw invalid()
            }
            return ScalarClass(decoded, foldsCase: folds)
        case "0"..."7":
            // Octal: \0, or a non-zero digit followed by another octal digit; a lone \1..\7 is a backreference.
            guard scalar == "0" || (peek.map { ("0"..."7").contains($0) } ?? false) else { throw invalid() }
            var value = scalar.value - 0x30
            for _ in 0..<2 {
                guard let next = peek, ("0"..."7").contains(next) else { break }
                value = value * 8 + (next.value - 0x30)
                position += 1
            }
            return ScalarClass(Unicode.Scalar(value) ?? "\u{0}", foldsCase: folds)
        case "p", "P":
            if peek == "{" {
                while let next = peek, next != "}" { position += 1 }
                if peek == "}" { position += 1 }
            } else if peek != nil {
                position += 1
            }
            throw LinearRegexSyntaxError("unsupported Unicode class", text(start..<position))
        default:
            // ASCII punctuation stands for itself; a letter or digit with no meaning is an error, as in Go.
            if scalar.isASCII, !ScalarClass.posix["alnum"]!.contains(where: { $0.contains(scalar.value) }) {
                return ScalarClass(scalar, foldsCase: folds)
            }
            throw invalid()
        }
    }

    /// A bracketed class; `position` is at `[`.
    private mutating func parseClass() throws(LinearRegexSyntaxError) -> ScalarClass {
        let start = position
        position += 1
        var negated = false
        if peek == "^" {
            negated = true
            position += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let scalar = peek else { throw LinearRegexSyntaxError("missing closing ]", text(start..<pattern.count)) }
            if scalar == "]" && !first {
                position += 1
                break
            }
            first = false
            let itemStart = position
            // [:name:] and [:^name:]
            if scalar == "[", position + 1 < pattern.count, pattern[position + 1] == ":" {
                if let close = findPosixEnd(from: position + 2) {
                    var name = text((position + 2)..<close)
                    let negatedPosix = name.hasPrefix("^")
                    if negatedPosix { name.removeFirst() }
                    guard let posix = ScalarClass.posix[name] else {
                        throw LinearRegexSyntaxError("invalid character class range", text(itemStart..<(close + 2)))
                    }
                    ranges += negatedPosix ? ScalarClass.complement(posix) : posix
                    position = close + 2
                    continue
                }
            }
            let low: UInt32
            if scalar == "\\" {
                let escaped = try parseEscape()
                if escaped.negated || escaped.ranges.count != 1 || escaped.ranges[0].count != 1 {
                    ranges += escaped.effectiveRanges
                    continue
                }
                low = escaped.ranges[0].lowerBound
            } else {
                low = scalar.value
                position += 1
            }
            // A range a-z, unless the '-' is the last thing before ']'.
            if peek == "-", position + 1 < pattern.count, pattern[position + 1] != "]" {
                position += 1
                let high: UInt32
                if peek == "\\" {
                    let escaped = try parseEscape()
                    guard !escaped.negated, escaped.ranges.count == 1, escaped.ranges[0].count == 1 else {
                        throw LinearRegexSyntaxError("invalid character class range", text(itemStart..<position))
                    }
                    high = escaped.ranges[0].lowerBound
                } else {
                    guard let next = peek else { throw LinearRegexSyntaxError("missing closing ]", text(start..<pattern.count)) }
                    high = next.value
                    position += 1
                }
                guard low <= high else { throw LinearRegexSyntaxError("invalid character class range", text(itemStart..<position)) }
                ranges.append(low...high)
            } else {
                ranges.append(low...low)
            }
        }
        return ScalarClass(ranges: ranges, negated: negated, foldsCase: flags.foldsCase)
    }

    /// The index of the `:` of a closing `:]`, if the POSIX class name before it is plain letters.
    private func findPosixEnd(from index: Int) -> Int? {
        var index = index
        if index < pattern.count, pattern[index] == "^" { index += 1 }
        while index + 1 < pattern.count {
            if pattern[index] == ":" && pattern[index + 1] == "]" { return index }
            guard pattern[index].isASCII, ScalarClass.posix["alpha"]!.contains(where: { $0.contains(pattern[index].value) }) else { return nil }
            index += 1
        }
        return nil
    }
}
