/// Why a path given from outside could not be used inside a ``ConfinedDirectory``.
///
/// The message says what is wrong with the path, without the name of the field it came from, which the caller
/// puts in front: `spec.include[0].toPath 'esc/x': ` + `path component 'esc' is a symbolic link`.
public struct ConfinedPathError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// The path starts with `/`.
        case absolute
        /// The path has a `..` element.
        case parentElement
        /// An element of the path (possibly the last) is a symbolic link.
        case symbolicLink
        /// An element before the last is neither a directory nor missing.
        case notDirectory
        /// Nothing is at the path (or at one of its parent elements).
        case missing
        /// The path is the directory itself, where an entry inside it is needed.
        case root
        /// The file system refused an operation.
        case fileSystem
    }

    /// What is wrong.
    public var kind: Kind
    /// The elements of the path up to and including the one at fault, joined with `/` (empty for the root,
    /// the whole path for ``Kind/absolute`` and ``Kind/parentElement``).
    public var component: String
    /// One line, e.g. `path component 'esc' is a symbolic link`.
    public var message: String

    /// An error of `kind` about `component`, with `message`.
    public init(_ kind: Kind, component: String, message: String) {
        self.kind = kind
        self.component = component
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
