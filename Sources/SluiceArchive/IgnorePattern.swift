/// One pattern in `.gitignore` syntax, scoped to the directory (domain) whose ignore file it came from.
///
/// Parsed as go-git's `gitignore.ParsePattern` does (Flux uses go-git's package): a leading `!` negates; trailing
/// spaces are dropped unless escaped as `\ `; a trailing `/` makes the pattern match directories only (and
/// everything below them); a pattern with a `/` elsewhere is matched element by element from the domain's root
/// (so a leading `/` anchors it), where `**` spans any number of elements; a pattern without `/` matches any
/// element of the path. Each element is matched as Go's `filepath.Match` does, so `\#` and `\!` match a literal
/// `#` and `!`.
public struct IgnorePattern: Sendable, Hashable {
    /// The line the pattern was parsed from.
    public let text: String
    /// The path elements (relative to the archive root) of the directory the pattern is scoped to.
    public let domain: [String]
    /// Whether the pattern re-includes what it matches (it started with `!`).
    public let isNegated: Bool
    /// Whether the pattern matches directories only (it ended with `/`).
    public let isDirectoryOnly: Bool
    /// How the pattern is matched.
    let form: Form

    /// go-git's two ways of matching a pattern.
    enum Form: Sendable, Hashable {
        /// No `/` (other than a trailing one): the pattern matches any element of the path.
        case name(GlobPattern)
        /// A `/` somewhere: matched element by element from the domain's root.
        case path([Element])
    }

    /// One element of a path pattern.
    enum Element: Sendable, Hashable {
        /// An empty element, as a leading `/` produces.
        case empty
        /// `**`: zero or more path elements.
        case anyDirectories
        /// An element containing `**` among other characters, which go-git never matches.
        case neverMatches
        /// An ordinary element pattern.
        case glob(GlobPattern)
    }

    /// Parses `line`; nil for blank lines and comments (lines starting with `#`), which Flux's reader skips.
    ///
    /// - Parameters:
    ///   - line: One line of an ignore file, without its line terminator.
    ///   - domain: The path elements of the directory the ignore file is in, relative to the archive root.
    public init?(_ line: String, domain: [String] = []) {
        if line.hasPrefix("#") || line.unicodeScalars.allSatisfy(\.isGoSpace) { return nil }
        text = line
        self.domain = domain
        // Parsed as bytes, as Go does: no grapheme clustering may hide a `/` or a trailing space.
        let space = UInt8(ascii: " ")
        let slash = UInt8(ascii: "/")
        var body = Array(line.utf8)[...]
        isNegated = body.first == UInt8(ascii: "!")
        if isNegated { body = body.dropFirst() }
        if !body.ends(with: [UInt8(ascii: "\\"), space]) {
            while body.last == space { body = body.dropLast() }
        }
        isDirectoryOnly = body.last == slash
        if isDirectoryOnly { body = body.dropLast() }
        if body.contains(slash) {
            form = .path(body.split(separator: slash, omittingEmptySubsequences: false).map { element in
                if element.isEmpty { return .empty }
                if element.elementsEqual("**".utf8) { return .anyDirectories }
                let star = UInt8(ascii: "*")
                if zip(element, element.dropFirst()).contains(where: { $0 == star && $1 == star }) { return .neverMatches }
                return .glob(GlobPattern(element))
            })
        } else {
            form = .name(GlobPattern(body))
        }
    }

    /// Whether the pattern matches `path` (whether it then excludes or re-includes it is ``isNegated``).
    ///
    /// - Parameters:
    ///   - path: The path elements relative to the archive root.
    ///   - isDirectory: Whether the path is a directory.
    public func matches(_ path: [String], isDirectory: Bool) -> Bool {
        guard path.count > domain.count else { return false }
        for (index, element) in domain.enumerated() where path[index] != element { return false }
        let relative = path[domain.count...]
        switch form {
        case .name(let glob): return nameMatches(glob, relative, isDirectory: isDirectory)
        case .path(let elements): return pathMatches(elements, relative, isDirectory: isDirectory)
        }
    }

    /// go-git's `simpleNameMatch`: any element matches, but a directory-only pattern not on the last element of a file.
    private func nameMatches(_ glob: GlobPattern, _ path: ArraySlice<String>, isDirectory: Bool) -> Bool {
        for index in path.indices where glob.matches(path[index]) {
            if isDirectoryOnly && !isDirectory && index == path.endIndex - 1 { return false }
            return true
        }
        return false
    }

    /// go-git's `globMatch`, including its quirks: a match of all elements also matches everything below, a trailing
    /// `**` also matches the directory itself, and `**` takes the first element that matches what follows it.
    private func pathMatches(_ elements: [Element], _ path: ArraySlice<String>, isDirectory: Bool) -> Bool {
        var path = path
        var matched = false
        var canTraverse = false
        elementLoop: for (index, element) in elements.enumerated() {
            switch element {
            case .empty:
                canTraverse = false
            case .anyDirectories:
                if index == elements.count - 1 { break elementLoop }
                canTraverse = true
            case .neverMatches:
                return false
            case .glob(let glob):
                if path.isEmpty { return false }
                if canTraverse {
                    canTraverse = false
                    while let first = path.first {
                        path = path.dropFirst()
                        if glob.matches(first) {
                            matched = true
                            break
                        } else if path.isEmpty {
                            matched = false
                        }
                    }
                } else {
                    guard glob.matches(path[path.startIndex]) else { return false }
                    matched = true
                    path = path.dropFirst()
                }
            }
        }
        if matched && isDirectoryOnly && !isDirectory && path.isEmpty { return false }
        return matched
    }
}
