import SluiceCore

/// Go's `regexp` for the cases Sprig uses, on ``LinearRegex`` (RE2's syntax, matched in linear time, so a chart's
/// pattern cannot make rendering backtrack exponentially): leftmost-first matching, `FindAllString`, `ReplaceAllString`
/// with `$1`/`${name}` templates, `Split`, `QuoteMeta`. Positions are Unicode scalar offsets (Go steps by rune too).
struct GoRegex {
    private let regex: LinearRegex
    private let pattern: String

    /// Compiles `pattern`, failing with Go's `regexp.Compile` message.
    init(_ pattern: String) throws(FunctionError) {
        self.pattern = pattern
        do {
            regex = try LinearRegex(pattern)
        } catch {
            throw FunctionError(error.description)
        }
    }

    /// One match: the whole match's range and each group's, in scalar offsets.
    private typealias Match = [Range<Int>?]

    /// Go's `allMatches`: successive matches, an empty match right after the previous match skipped, at most `limit`
    /// (all when negative).
    private func matches(_ text: [Unicode.Scalar], limit: Int) -> [Match] {
        var accepted: [Match] = []
        var position = 0
        var previousEnd = -1
        while position <= text.count, limit < 0 || accepted.count < limit {
            guard let match = regex.firstMatch(in: text, from: position), let whole = match[0] else { break }
            var accept = true
            if whole.upperBound == position {
                // An empty match: step over one character, and drop it when it touches the previous match.
                if whole.lowerBound == previousEnd { accept = false }
                position += 1
            } else {
                position = whole.upperBound
            }
            previousEnd = whole.upperBound
            if accept { accepted.append(match) }
        }
        return accepted
    }

    private static func string(_ text: [Unicode.Scalar], _ range: Range<Int>?) -> String {
        guard let range else { return "" }
        return String(String.UnicodeScalarView(text[range]))
    }

    func matches(_ s: String) -> Bool { regex.matches(s) }

    func find(_ s: String) -> String {
        let text = Array(s.unicodeScalars)
        return regex.firstMatch(in: text).map { Self.string(text, $0[0]) } ?? ""
    }

    func findAll(_ s: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        let text = Array(s.unicodeScalars)
        return matches(text, limit: limit).map { Self.string(text, $0[0]) }
    }

    /// `ReplaceAllString`, or `ReplaceAllLiteralString` when `literal` (Go's `replaceAll` loop).
    func replaceAll(_ s: String, with template: String, literal: Bool) -> String {
        let text = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var lastMatchEnd = 0
        var searchPosition = 0
        while searchPosition <= text.count {
            guard let match = regex.firstMatch(in: text, from: searchPosition), let whole = match[0] else { break }
            out.append(contentsOf: text[lastMatchEnd..<whole.lowerBound])
            // No replacement for an empty match right after another match (it would replace twice).
            if whole.upperBound > lastMatchEnd || whole.lowerBound == 0 {
                out.append(contentsOf: (literal ? template : expand(template, match: match, in: text)).unicodeScalars)
            }
            lastMatchEnd = whole.upperBound
            // Advance past this match, always by at least one character.
            searchPosition = max(searchPosition + 1, whole.upperBound)
        }
        if lastMatchEnd < text.count { out.append(contentsOf: text[lastMatchEnd...]) }
        return String(out)
    }

    /// Go's `Regexp.Split`.
    func split(_ s: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        if !pattern.isEmpty, s.isEmpty { return [""] }
        let text = Array(s.unicodeScalars)
        var parts: [String] = []
        var begin = 0
        var end = 0
        for match in matches(text, limit: limit) {
            guard let whole = match[0] else { continue }
            if limit > 0, parts.count == limit - 1 { break }
            end = whole.lowerBound
            if whole.upperBound != 0 { parts.append(Self.string(text, begin..<end)) }
            begin = whole.upperBound
        }
        if end != text.count { parts.append(Self.string(text, begin..<text.count)) }
        return parts
    }

    /// Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`.
    private func expand(_ template: String, match: Match, in text: [Unicode.Scalar]) -> String {
        var out = ""
        let scalars = Array(template.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            guard c == "$" else {
                out.unicodeScalars.append(c)
                index += 1
                continue
            }
            index += 1
            if index < scalars.count, scalars[index] == "$" {
                out += "$"
                index += 1
                continue
            }
            var cursor = index
            let brace = cursor < scalars.count && scalars[cursor] == "{"
            if brace { cursor += 1 }
            let nameStart = cursor
            while cursor < scalars.count, scalars[cursor] == "_" || scalars[cursor].properties.isAlphabetic || ("0"..."9").contains(scalars[cursor]) {
                cursor += 1
            }
            var name = String(String.UnicodeScalarView(scalars[nameStart..<cursor]))
            var ok = !name.isEmpty
            if brace {
                if cursor < scalars.count, scalars[cursor] == "}" { cursor += 1 } else { ok = false }
            }
            guard ok else {
                out += "$"
                continue
            }
            index = cursor
            if let number = Int(name), !(name.hasPrefix("0") && name.count > 1), number < 100_000_000 {
                if number < match.count { out += Self.string(text, match[number]) }
            } else {
                if name.hasPrefix("0") && name.count > 1 && Int(name) != nil { name = "" }
                // The leftmost group of that name, as Go's Expand takes it.
                if !name.isEmpty, Int(name) == nil, let index = regex.captureNames.firstIndex(of: name) {
                    out += Self.string(text, match[index + 1])
                }
            }
        }
        return out
    }

    /// Go's `regexp.QuoteMeta`.
    static func quoteMeta(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if "\\.+*?()|[]{}^$".unicodeScalars.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}
