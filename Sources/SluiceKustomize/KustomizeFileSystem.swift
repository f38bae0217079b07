/// What the kustomize engine reads: files and directories below one root, named by root-relative paths.
///
/// Paths handed to a file system are already normalised by the engine: relative to
/// the root, `/`-separated, without `.` or `..` components (`""` is the root).
/// Implementations refuse anything that would leave the root, such as a symbolic
/// link pointing outside it.
public protocol KustomizeFileSystem: Sendable {
    /// What is at `path`: a file, a directory, or nothing (`nil`).
    func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry?

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``KustomizeError`` when the file is missing, escapes the root or exceeds `limit` bytes.
    func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8]
}
