/// Why packaging or extracting an archive failed.
///
/// Every message names the entry or the limit involved, so that a condition or a log line tells the operator
/// what to look at, e.g. `archive entry '../x' escapes the target directory`.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family an error belongs to, for callers that react differently to each.
    public enum Kind: Sendable, Hashable {
        /// A size limit was exceeded: the compressed artifact, or the bytes an extraction would write.
        case tooLarge
        /// An archive entry would land outside the target directory or write through a symlink.
        case unsafeEntry
        /// The bytes are not a valid gzip stream or tar archive, or they end early.
        case corrupt
        /// The file system refused an operation (missing directory, permissions, a full disk, …).
        case fileSystem
    }

    /// The family of the error.
    public var kind: Kind
    /// A one-line explanation naming the entry or limit.
    public var message: String
    /// The archive entry or file the error concerns, when there is one.
    public var path: String?

    /// An error of `kind` with `message`, about `path` when given.
    public init(_ kind: Kind, _ message: String, path: String? = nil) {
        self.kind = kind
        self.message = message
        self.path = path
    }

    /// The message.
    public var description: String { message }
}

extension ArchiveError {
    /// A file-system call failed with `errno`.
    static func system(_ operation: String, _ path: String, errno code: Int32) -> ArchiveError {
        ArchiveError(.fileSystem, "\(operation) '\(path)': \(SystemErrorText.describe(code))", path: path)
    }
}
