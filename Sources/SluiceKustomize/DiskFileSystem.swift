import Foundation

/// A ``KustomizeFileSystem`` over a directory on disk that refuses to leave it.
///
/// Every access resolves symbolic links (`realpath`) and checks the result is the
/// root or below it, so a link pointing outside the root reads as an error naming
/// the link, as kustomize's `LoadRestrictionsRootOnly` does.
public struct DiskFileSystem: KustomizeFileSystem {
    /// The root directory, with symbolic links resolved.
    public let root: String

    /// A file system rooted at `directory`.
    ///
    /// - Throws: ``KustomizeError`` when the directory does not exist.
    public init(root directory: String) throws(KustomizeError) {
        guard let real = Self.realPath(directory) else {
            throw KustomizeError("no such directory", file: directory)
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KustomizeError("not a directory", file: directory)
        }
        root = real
    }

    /// What is at `path`, resolving symbolic links and refusing any that leave the root.
    public func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? {
        guard let real = try resolve(path) else { return nil }
        var info = stat()
        guard stat(real, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: throw KustomizeError("not a regular file or directory", file: path)
        }
    }

    /// The file's bytes, refused beyond `limit` bytes.
    public func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
        guard let real = try resolve(path) else { throw KustomizeError("no such file", file: path) }
        guard let handle = FileHandle(forReadingAtPath: real) else { throw KustomizeError("cannot open file", file: path) }
        defer { try? handle.close() }
        var info = stat()
        if stat(real, &info) == 0, Int(info.st_size) > limit {
            throw KustomizeError.tooLarge(path, size: Int(exactly: info.st_size), limit: limit)
        }
        // Read at most limit + 1 bytes, so a file that grows while read still cannot exhaust memory.
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw KustomizeError("cannot read file: \(error.localizedDescription)", file: path)
        }
        guard data.count <= limit else { throw KustomizeError.tooLarge(path, limit: limit) }
        return Array(data)
    }

    /// The real path of the root-relative `path`, every symbolic link resolved; `nil` when nothing is there.
    ///
    /// - Throws: ``KustomizeError`` when a link leads outside the root.
    public func resolve(_ path: String) throws(KustomizeError) -> String? {
        let joined = path.isEmpty ? root : root + "/" + path
        guard let real = Self.realPath(joined) else { return nil }
        guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw KustomizeError("security; file is a symbolic link to '\(real)', which is outside the root '\(root)'", file: path)
        }
        return real
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
