/// Root-relative path arithmetic: joining, normalising and telling containment, without touching a disk.
public enum KustomizePath {
    /// `path` with `.` and `..` resolved; `nil` when it climbs above the root or is absolute.
    static func normalise(_ path: String) -> String? {
        if path.hasPrefix("/") { return nil }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    /// `relative` resolved against the directory `base`; `nil` when the result leaves the root.
    public static func join(_ base: String, _ relative: String) -> String? {
        if relative.hasPrefix("/") { return nil }
        return normalise(base.isEmpty ? relative : "\(base)/\(relative)")
    }

    /// The directory holding `path` (`""` for the root's children).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Whether `path` is `directory` or below it.
    static func isWithin(_ path: String, _ directory: String) -> Bool {
        directory.isEmpty || path == directory || path.hasPrefix(directory + "/")
    }

    /// Whether `text` names a remote resource kustomize would fetch (URLs, git, GitHub shorthands).
    static func isRemote(_ text: String) -> Bool {
        let lower = text.lowercased()
        for scheme in ["http://", "https://", "git::", "git@", "ssh://", "git://", "file://", "s3::", "gcs::", "hg::"] where lower.hasPrefix(scheme) {
            return true
        }
        for host in ["github.com/", "gitlab.com/", "bitbucket.org/"] where lower.hasPrefix(host) { return true }
        if lower.contains("?ref=") || lower.contains(".git//") || lower.hasSuffix(".git") { return true }
        return false
    }
}
