/// A ``KustomizeFileSystem`` held in memory, for tests and for callers that already have the files.
public struct InMemoryFileSystem: KustomizeFileSystem {
    private var files: [String: [UInt8]] = [:]
    private var directories: Set<String> = [""]

    /// An empty file system (only the root directory).
    public init() {}

    /// A file system with these files, by root-relative path; their directories are created.
    public init(files: [String: String]) {
        for (path, text) in files { write(path, text) }
    }

    /// Adds or replaces the file at `path`, creating its directories.
    public mutating func write(_ path: String, _ text: String) {
        write(path, bytes: Array(text.utf8))
    }

    /// Adds or replaces the file at `path` with raw bytes, creating its directories.
    public mutating func write(_ path: String, bytes: [UInt8]) {
        let normalised = KustomizePath.normalise(path) ?? path
        files[normalised] = bytes
        var parent = KustomizePath.parent(normalised)
        while !directories.contains(parent) {
            directories.insert(parent)
            parent = KustomizePath.parent(parent)
        }
    }

    /// What is at `path`.
    public func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? {
        if files[path] != nil { return .file }
        if directories.contains(path) { return .directory }
        return nil
    }

    /// The file's bytes, refused beyond `limit` bytes.
    public func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
        guard let bytes = files[path] else { throw KustomizeError("no such file", file: path) }
        guard bytes.count <= limit else { throw KustomizeError.tooLarge(path, size: bytes.count, limit: limit) }
        return bytes
    }
}
