/// An error from the shared store.
///
/// Every case that concerns the database file names its path, so that an operator reading a
/// controller's log knows which file to look at.
public enum StoreError: Error, CustomStringConvertible {
    /// The file exists but is not an SQLite database, or is damaged beyond its header.
    ///
    /// The store leaves such a file untouched.
    case notADatabase(path: String, reason: String, underlying: (any Error)?)
    /// The file is an SQLite database that Sluice did not create.
    ///
    /// The store leaves such a file untouched.
    case foreignDatabase(path: String, reason: String)
    /// The file is a Sluice store migrated by a newer Sluice: it holds migrations this build does not know.
    ///
    /// The store leaves such a file untouched; upgrade this binary to open it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file could not be read or created (missing permissions, a directory in the way, …).
    case cannotOpen(path: String, underlying: any Error)
    /// Stored artifact content does not hash to the digest recorded for it.
    case digestMismatch(path: String, expected: String, actual: String)
    /// No artifact content is stored under the digest.
    case artifactNotFound(path: String, digest: String)
    /// An argument the store cannot accept, such as a negative cursor or `artifactsKept` below 1.
    case invalidArgument(String)
    /// SQLite reported an error (a violated constraint, a busy timeout, a full disk, …).
    case database(path: String, underlying: any Error)

    /// A one-line explanation naming the file and the cause.
    public var description: String {
        switch self {
        case .notADatabase(let path, let reason, let underlying):
            return "\(path) is not a usable Sluice store: \(reason)" + (underlying.map { " (\($0))" } ?? "")
        case .foreignDatabase(let path, let reason):
            return "\(path) is an SQLite database of another application, not a Sluice store: \(reason)"
        case .newerSchema(let path, let unknown):
            return "\(path) was migrated by a newer Sluice (unknown migrations: \(unknown.joined(separator: ", "))); upgrade to open it"
        case .cannotOpen(let path, let underlying):
            return "cannot open store \(path): \(underlying)"
        case .digestMismatch(let path, let expected, let actual):
            return "artifact content in \(path) is corrupt: expected digest \(expected), content hashes to \(actual)"
        case .artifactNotFound(let path, let digest):
            return "no artifact content with digest \(digest) in \(path)"
        case .invalidArgument(let message):
            return "invalid argument: \(message)"
        case .database(let path, let underlying):
            return "store \(path): \(underlying)"
        }
    }
}
