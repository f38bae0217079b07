/// The kind of entry at a path in a ``KustomizeFileSystem``.
public enum KustomizeFileEntry: Sendable, Equatable {
    /// A regular file.
    case file
    /// A directory.
    case directory
}
