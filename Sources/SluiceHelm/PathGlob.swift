import Foundation
import SluiceCore

/// Glob patterns over `/`-separated paths: Helm's `.Files.Glob` (gobwas/glob with `/` as separator: `**` crosses
/// directories, `{a,b}` alternatives) and `--show-only` (Go's `filepath.Match`: `*` never crosses `/`).
struct PathGlob: Sendable {
    /// Matched in linear time (a chart's `*a*a*a*b` cannot make a backtracking matcher crawl).
    private let regex: LinearRegex?

    /// A pattern; `doubleStar` makes `**` match across `/` and `{a,b}` mean alternatives.
    init(_ pattern: String, doubleStar: Bool) {
        var out = "^"
        let characters = Array(pattern)
        var index = 0
        var braceDepth = 0
        while index < characters.count {
            let c = characters[index]
            switch c {
            case "*":
                if doubleStar, index + 1 < characters.count, characters[index + 1] == "*" {
                    out += ".*"
                    index += 1
                } else {
                    out += "[^/]*"
                }
            case "?": out += "[^/]"
            case "[":
                var end = index + 1
                if end < characters.count, characters[end] == "!" || characters[end] == "^" { end += 1 }
                if end < characters.count, characters[end] == "]" { end += 1 }
                while end < characters.count, characters[end] != "]" { end += 1 }
                if end >= characters.count { out += "\\[" } else {
                    var body = String(characters[(index + 1)..<end])
                    if body.hasPrefix("!") { body = "^" + body.dropFirst() }
                    out += "[" + body.replacingOccurrences(of: "\\", with: "\\\\") + "]"
                    index = end
                }
            case "{" where doubleStar:
                braceDepth += 1
                out += "(?:"
            case "}" where doubleStar && braceDepth > 0:
                braceDepth -= 1
                out += ")"
            case "," where doubleStar && braceDepth > 0:
                out += "|"
            case "\\":
                if index + 1 < characters.count {
                    index += 1
                    out += Self.literal(characters[index])
                }
            default:
                out += Self.literal(c)
            }
            index += 1
        }
        out += "$"
        regex = try? LinearRegex("(?s)" + out)
    }

    /// Whether `path` matches the whole pattern.
    func matches(_ path: String) -> Bool {
        regex?.matches(path) ?? false
    }

    /// `character` as an RE2 literal: ASCII punctuation escaped, everything else as it is.
    private static func literal(_ character: Character) -> String {
        guard character.isASCII, character.isPunctuation || character.isSymbol else { return String(character) }
        return "\\" + String(character)
    }
}
