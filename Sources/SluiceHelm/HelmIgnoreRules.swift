import Foundation

/// `.helmignore` as Helm reads it (`pkg/ignore`), which is not gitignore: each rule is Go's `filepath.Match` pattern
/// (`*` never crosses `/`, `**` refused), matched against the file's base name when it has no `/`, against the whole
/// path below the chart when it has one (a leading `/` only anchors); a trailing `/` matches directories only; and a
/// `!` rule ignores everything it does not match (Helm's own semantics, quirky as they are), so later rules only see
/// what a negation let through.
struct HelmIgnoreRules: Sendable {
    private struct Rule: Sendable {
        var glob: PathGlob
        var negate: Bool
        var directoriesOnly: Bool
        /// Matched against the base name rather than the whole path.
        var baseName: Bool
    }

    private var rules: [Rule] = []

    /// No rules.
    init() {}

    /// The rules of a `.helmignore` file (a leading UTF-8 BOM skipped; blank lines and `#` comments ignored).
    ///
    /// - Throws: ``HelmError`` with Helm's message for a `**` rule or a malformed pattern.
    init(parsing text: String) throws(HelmError) {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        for line in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            try add(String(line))
        }
    }

    /// Helm's `AddDefaults`: hidden files under `templates/`.
    mutating func addDefaults() {
        try? add("templates/.?*")
    }

    private mutating func add(_ line: String) throws(HelmError) {
        var rule = line.trimmingCharacters(in: .whitespaces)
        if rule.isEmpty || rule.hasPrefix("#") { return }
        if rule.contains("**") { throw HelmError(.load, "double-star (**) syntax is not supported") }
        if !Self.isWellFormed(rule) { throw HelmError(.load, "syntax error in pattern") }
        var negate = false
        var directoriesOnly = false
        if rule.hasPrefix("!") {
            negate = true
            rule.removeFirst()
        }
        if rule.hasSuffix("/") {
            directoriesOnly = true
            rule.removeLast()
        }
        var baseName = false
        if rule.hasPrefix("/") {
            rule.removeFirst()
        } else if !rule.contains("/") {
            baseName = true
        }
        rules.append(Rule(glob: PathGlob(rule, doubleStar: false), negate: negate, directoriesOnly: directoriesOnly, baseName: baseName))
    }

    /// Helm's `Ignore`: whether `path` (below the chart's root, `/`-separated) is left out of the chart.
    func isIgnored(_ path: String, isDirectory: Bool) -> Bool {
        if path.isEmpty || path == "." || path == "./" { return false }
        let base = path.split(separator: "/").last.map(String.init) ?? path
        for rule in rules {
            let matches = rule.glob.matches(rule.baseName ? base : path)
            if rule.negate {
                if rule.directoriesOnly && !isDirectory { return true }
                if !matches { return true }
                continue
            }
            if rule.directoriesOnly && !isDirectory { continue }
            if matches { return true }
        }
        return false
    }

    /// Whether Go's `filepath.Match` accepts `pattern` (brackets closed, no trailing escape).
    private static func isWellFormed(_ pattern: String) -> Bool {
        var characters = pattern.makeIterator()
        while let c = characters.next() {
            switch c {
            case "\\":
                guard characters.next() != nil else { return false }
            case "[":
                var closed = false
                var first = true
                while let d = characters.next() {
                    if d == "\\" {
                        guard characters.next() != nil else { return false }
                    } else if d == "]" && !first {
                        closed = true
                        break
                    }
                    if !(first && (d == "^" || d == "!")) { first = false }
                }
                if !closed { return false }
            default:
                continue
            }
        }
        return true
    }
}
