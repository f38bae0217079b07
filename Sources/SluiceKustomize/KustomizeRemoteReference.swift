import Foundation
import SluiceCore

/// A remote Git repository named in a kustomization's `resources` or `components`, parsed as kustomize v5.5.0's
/// `NewRepoSpecFromURL` parses it.
///
/// Accepted: `https://host/org/repo//path?ref=v1.2.3`, `git::https://…` (the prefix is dropped, as kustomize
/// does), `github.com/org/repo/path?ref=…` (normalised to `https://github.com/`), SCP style
/// `git@github.com:org/repo.git/path`, `ssh://git@host/org/repo.git`, `file://` and `http://`, Azure's
/// `…/_git/repo/path`; the repository ends at `_git/<name>`, then at `//`, then after `.git`, else after two path
/// segments. The query gives `ref` (or `version`; `ref` wins), `timeout` (seconds or a Go duration, default 27 s)
/// and `submodules` (default true); a query that does not parse gives the defaults, as kustomize's does.
public struct KustomizeRemoteReference: Sendable, Hashable, CustomStringConvertible {
    /// The reference as written in the kustomization.
    public var raw: String
    /// Scheme, user and host, as kustomize keeps them: `https://github.com/`, `git@github.com:`, `file://`.
    public var host: String
    /// The repository below the host: `org/repo`, `org/repo.git`, `org/project/_git/repo`.
    public var repositoryPath: String
    /// The directory of the kustomization inside the repository (`""` for its root).
    public var path: String
    /// The branch, tag or commit to check out (`nil`: the default branch).
    public var ref: String?
    /// How long the fetch may take (`?timeout=`).
    public var timeout: Duration
    /// Whether submodules are wanted (`?submodules=`).
    public var submodules: Bool

    /// kustomize's default for `?timeout=`.
    public static let defaultTimeout = Duration.seconds(27)

    /// What `git clone` is given: host and repository path (`https://github.com/org/repo`).
    public var cloneURL: String { host + repositoryPath }

    /// The reference as written.
    public var description: String { raw }

    /// Parses `text` as kustomize parses a Git remote.
    ///
    /// - Throws: ``KustomizeError`` saying why the text is not a Git remote (kustomize's words).
    public init(parsing text: String) throws(KustomizeError) {
        raw = text
        if text.hasPrefix("/") { throw KustomizeError("uri looks like abs path: \(text)") }
        var rest = text
        var query = ""
        if let mark = text.firstIndex(of: "?") {
            rest = String(text[..<mark])
            query = String(text[text.index(after: mark)...])
        }
        (ref, timeout, submodules) = Self.parseQuery(query)
        (host, rest) = try Self.extractHost(rest)
        (repositoryPath, path) = try Self.splitPath(rest, defaultSegments: host.hasPrefix("file://") ? nil : 2)
    }

    /// Whether `text` is an `http://` or `https://` URL, which kustomize first tries to read as a file.
    public static func isFileURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    // MARK: Query

    private static func parseQuery(_ query: String) -> (ref: String?, timeout: Duration, submodules: Bool) {
        guard let values = queryValues(query) else { return (nil, defaultTimeout, true) }
        var ref = values["version"] ?? ""
        if let value = values["ref"], !value.isEmpty { ref = value }
        var timeout = defaultTimeout
        if let value = values["timeout"], !value.isEmpty {
            if let seconds = Int(value), seconds > 0 {
                timeout = .seconds(seconds)
            } else if let duration = GoDuration(value), duration.nanoseconds > 0 {
                timeout = duration.duration
            }
        }
        var submodules = true
        if let value = values["submodules"], let flag = GoBool.parse(value) { submodules = flag }
        return (ref.isEmpty ? nil : ref, timeout, submodules)
    }

    /// Go's `url.ParseQuery`, first value of each key; `nil` when any pair fails to parse (as Go reports an error).
    private static func queryValues(_ query: String) -> [String: String]? {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            if pair.contains(";") { return nil }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = unescape(parts[0]), let value = unescape(parts.count > 1 ? parts[1] : "") else { return nil }
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    /// Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte; `nil` for a broken escape or bytes that are not UTF-8.
    private static func unescape(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard iterator.count >= 2, let high = hexValue(iterator.removeFirst()), let low = hexValue(iterator.removeFirst()) else { return nil }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // MARK: Host

    private static let schemes = ["ssh://", "https://", "http://", "file://"]

    private static func extractHost(_ text: String) throws(KustomizeError) -> (host: String, rest: String) {
        var rest = text
        if rest.lowercased().hasPrefix("git::") { rest = String(rest.dropFirst(5)) }
        var scheme = ""
        for candidate in schemes where rest.lowercased().hasPrefix(candidate) {
            scheme = candidate
            rest = String(rest.dropFirst(candidate.count))
            break
        }
        var username = ""
        if let user = leadingUsername(rest) {
            username = user + "@"
            rest = String(rest.dropFirst(username.count))
        }
        let lower = rest.lowercased()
        let standardGitHub = lower.hasPrefix("github.com/") || lower.hasPrefix("github.com:")
        let acceptsSCP = scheme.isEmpty && (!username.isEmpty || standardGitHub)
        if scheme.isEmpty && !acceptsSCP { throw KustomizeError("failed to parse scheme") }
        if scheme == "file://" { return (scheme, username + rest) }
        var host = rest
        var path = ""
        if let separator = pathSeparator(in: rest, acceptsSCP: acceptsSCP) {
            host = String(rest[...separator])
            path = String(rest[rest.index(after: separator)...])
        }
        if standardGitHub {
            if scheme.hasPrefix("ssh://") || !username.isEmpty {
                (scheme, host) = ("", "github.com:")
            } else {
                (scheme, username, host) = ("https://", "", "github.com/")
            }
        }
        if host.isEmpty { throw KustomizeError("failed to parse host segment") }
        return (scheme + username + host, path)
    }

    /// kustomize's user name pattern `^[a-zA-Z][a-zA-Z0-9-]*@`: the name, when `text` starts with one.
    private static func leadingUsername(_ text: String) -> String? {
        guard let at = text.firstIndex(of: "@") else { return nil }
        let name = text[..<at]
        guard let first = name.first, first.isASCII, first.isLetter,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
        return String(name)
    }

    /// Where host and path part: the first `/`, or in SCP style a `:` before it.
    private static func pathSeparator(in text: String, acceptsSCP: Bool) -> String.Index? {
        var separator = text.firstIndex(of: "/")
        if acceptsSCP, let colon = text.firstIndex(of: ":"), colon > text.startIndex, separator.map({ colon < $0 }) ?? true {
            separator = colon
        }
        return separator
    }

    // MARK: Path

    /// Repository path and kustomization path: split at `_git/<name>`, `//` or `.git`, else after `defaultSegments`
    /// segments (all of them for `file://`).
    private static func splitPath(_ text: String, defaultSegments: Int?) throws(KustomizeError) -> (repository: String, path: String) {
        var split: (String, String)?
        if let marker = text.range(of: "_git/") {
            let segments = text[marker.upperBound...].split(separator: "/", omittingEmptySubsequences: false)
            split = (String(text[..<marker.upperBound]) + segments[0], segments.dropFirst().joined(separator: "/"))
        } else if let marker = text.range(of: "//") {
            split = (String(text[..<marker.lowerBound]), String(text[marker.upperBound...]))
        } else if let marker = text.range(of: ".git") {
            split = (String(text[..<marker.upperBound]), String(text[marker.upperBound...]))
        } else if let count = defaultSegments {
            let segments = text.split(separator: "/", omittingEmptySubsequences: false)
            if segments.count >= count {
                split = (segments.prefix(count).joined(separator: "/"), segments.dropFirst(count).joined(separator: "/"))
            }
        } else {
            split = (text, "")
        }
        guard let (repository, path) = split, !repository.isEmpty else { throw KustomizeError("failed to parse repo path segment") }
        if exitsRepository(path) { throw KustomizeError("url path exits repo: \(text)") }
        return (repository, path.hasPrefix("/") ? String(path.dropFirst()) : path)
    }

    /// Whether the cleaned path starts with `..` (Go's `filepath.Clean`, then the first element).
    private static func exitsRepository(_ path: String) -> Bool {
        var depth = 0
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            if part == ".." {
                if depth == 0 { return true }
                depth -= 1
            } else {
                depth += 1
            }
        }
        return false
    }
}
