import Foundation

/// Go's `regexp` for the cases Sprig uses, over ICU's regular expressions (a superset of RE2's syntax for these uses):
/// leftmost-first matching, `FindAllString`, `ReplaceAllString` with `$1`/`${name}` templates, `Split`, `QuoteMeta`.
struct GoRegex {
    private let expression: NSRegularExpression
    private let pattern: String

    /// Compiles `pattern`; `(?P<name>…)` is accepted as RE2 does.
    init(_ pattern: String) throws(FunctionError) {
        self.pattern = pattern
        // ICU refuses an empty pattern, which RE2 matches everywhere.
        let translated = pattern.isEmpty ? "(?:)" : pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        do {
            expression = try NSRegularExpression(pattern: translated)
        } catch {
            throw FunctionError("error parsing regexp: invalid or unsupported Perl syntax: `\(pattern)`")
        }
    }

    private func matches(_ s: String, limit: Int) -> [NSTextCheckingResult] {
        let all = expression.matches(in: s, range: NSRange(s.startIndex..., in: s))
        var accepted: [NSTextCheckingResult] = []
        var previousEnd = -1
        for match in all {
            if limit >= 0, accepted.count >= limit { break }
            // Go skips an empty match right after the previous match.
            if match.range.length == 0, match.range.location == previousEnd { continue }
            accepted.append(match)
            previousEnd = match.range.location + match.range.length
        }
        return accepted
    }

    private func text(_ s: String, _ range: NSRange) -> String {
        guard range.location != NSNotFound, let r = Range(range, in: s) else { return "" }
        return String(s[r])
    }

    func matches(_ s: String) -> Bool { expression.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil }

    func find(_ s: String) -> String { matches(s, limit: 1).first.map { text(s, $0.range) } ?? "" }

    func findAll(_ s: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        return matches(s, limit: limit).map { text(s, $0.range) }
    }

    /// `ReplaceAllString`, or `ReplaceAllLiteralString` when `literal`.
    func replaceAll(_ s: String, with template: String, literal: Bool) -> String {
        var out = ""
        var last = s.startIndex
        for match in matches(s, limit: -1) {
            guard let range = Range(match.range, in: s) else { continue }
            out += s[last..<range.lowerBound]
            out += literal ? template : expand(template, match: match, in: s)
            last = range.upperBound
        }
        out += s[last...]
        return out
    }

    /// Go's `Regexp.Split`.
    func split(_ s: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        if !pattern.isEmpty, s.isEmpty { return [""] }
        var parts: [String] = []
        var begin = s.startIndex
        var end = s.startIndex
        for match in matches(s, limit: limit) {
            if limit > 0, parts.count == limit - 1 { break }
            guard let range = Range(match.range, in: s) else { continue }
            end = range.lowerBound
            if range.upperBound != s.startIndex { parts.append(String(s[begin..<end])) }
            begin = range.upperBound
        }
        if end != s.endIndex { parts.append(String(s[begin...])) }
        return parts
    }

    /// Go's `Regexp.Expand` template: `$1`, `${1}`, `$name`, `${name}`, `$$`.
    private func expand(_ template: String, match: NSTextCheckingResult, in s: String) -> String {
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
                if number < match.numberOfRanges { out += text(s, match.range(at: number)) }
            } else {
                if name.hasPrefix("0") && name.count > 1 && Int(name) != nil { name = "" }
                if !name.isEmpty, Int(name) == nil { out += text(s, match.range(withName: name)) }
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
