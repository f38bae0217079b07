/// A path left out of an archive (or not extracted from one), and why.
public struct SkippedEntry: Sendable, Hashable, CustomStringConvertible {
    /// The path relative to the archive root.
    public var path: String
    /// Why it was left out, e.g. "symlink target '../../etc/passwd' leads outside the tree".
    public var reason: String

    /// A skipped path and the reason.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}
