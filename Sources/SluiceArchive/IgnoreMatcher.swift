/// Decides whether a path is ignored, as go-git's `gitignore.Matcher` does (Flux uses that).
///
/// Patterns are given in increasing priority; the last pattern that matches decides: excluded, or re-included when
/// it is negated (`!`). A path no pattern matches is not ignored.
public struct IgnoreMatcher: Sendable {
    /// The patterns, lowest priority first.
    public let patterns: [IgnorePattern]

    /// A matcher over `patterns`, lowest priority first.
    public init(_ patterns: [IgnorePattern]) {
        self.patterns = patterns
    }

    /// Whether `path` is ignored.
    ///
    /// - Parameters:
    ///   - path: The path elements relative to the archive root, e.g. `["deploy", "app.yaml"]`.
    ///   - isDirectory: Whether the path is a directory.
    public func isIgnored(_ path: [String], isDirectory: Bool) -> Bool {
        guard let pattern = decidingPattern(for: path, isDirectory: isDirectory) else { return false }
        return !pattern.isNegated
    }

    /// The pattern that decides about `path`: the last one that matches it, or nil when none does.
    public func decidingPattern(for path: [String], isDirectory: Bool) -> IgnorePattern? {
        patterns.last { $0.matches(path, isDirectory: isDirectory) }
    }
}
