import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// State only its owner may read: data directories `0700`; databases, keys, tokens and kubeconfigs `0600`.
///
/// Modes are set with `chmod`/`fchmod` after creation, so they do not depend on the process's umask, and
/// state left by an older Sluice (`0755` directories, `0644` files) is tightened when it is opened again.
/// Files are opened with `O_NOFOLLOW`: a symbolic link where Sluice keeps a secret is refused, never followed.
public enum OwnerOnlyFiles {
    /// The mode of a data directory.
    public static let directoryMode: mode_t = 0o700
    /// The mode of a file holding state or a secret.
    public static let fileMode: mode_t = 0o600

    /// Why a directory or file could not be made owner-only.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The path at fault.
        public var path: String
        /// What went wrong.
        public var reason: String

        public var description: String { "\(path): \(reason)" }
    }

    /// Makes `path` a directory only its owner can enter: creates it (and missing parents, also `0700`) or
    /// tightens an existing one. Existing parents are left as they are (they may be shared, such as `/tmp`).
    public static func prepareDirectory(_ path: String) throws(Failure) {
        try createMissingDirectories(path)
        guard chmod(path, directoryMode) == 0 else { throw failure(path, "cannot set mode 0700") }
    }

    /// Creates `path` and its missing parents `0700`, leaving a directory that already exists as it is
    /// (for a directory the user chose to share, such as the one a `--store` file is put in).
    public static func createMissingDirectories(_ path: String) throws(Failure) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw Failure(path: path, reason: "exists and is not a directory") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createMissingDirectories(parent) }
        if mkdir(path, directoryMode) != 0 {
            guard errno == EEXIST else { throw failure(path, "cannot create the directory") }
            return
        }
        guard chmod(path, directoryMode) == 0 else { throw failure(path, "cannot set mode 0700") }
    }

    /// Tightens the regular file at `path` to `0600`; a missing file, or one another user owns, is left alone.
    public static func restrict(_ path: String) throws(Failure) {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw failure(path, errno == ELOOP ? "is a symbolic link; Sluice keeps its state in regular files" : "cannot open")
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failure(path, "cannot examine") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw Failure(path: path, reason: "is not a regular file") }
        // Another user's file (a store shared read-only, say) is its owner's to protect.
        guard status.st_uid == geteuid() else { return }
        guard fchmod(fd, fileMode) == 0 else { throw failure(path, "cannot set mode 0600") }
    }

    /// Makes the SQLite database at `path` owner-only before SQLite opens it: creates it empty (`0600`) when
    /// missing and tightens it, its `-wal` and its `-shm` when present. SQLite gives the `-wal` and `-shm`
    /// files it creates the main file's mode, so they follow.
    public static func prepareDatabase(_ path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        if fd >= 0 {
            defer { close(fd) }
            guard fchmod(fd, fileMode) == 0 else { throw failure(path, "cannot set mode 0600") }
        } else if errno != EEXIST {
            throw failure(path, "cannot create the file")
        }
        for file in [path, path + "-wal", path + "-shm"] { try restrict(file) }
    }

    /// Replaces the file at `path` with `bytes`, readable by its owner only, atomically (a temporary file in the
    /// same directory, flushed, then renamed over it): a reader sees the old content or the new, never a part.
    public static func replaceContents(of path: String, with bytes: some Collection<UInt8>) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = ".\((path as NSString).lastPathComponent).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let temporary = directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw failure(temporary, "cannot create the file") }
        var written = false
        defer {
            close(fd)
            if !written { unlink(temporary) }
        }
        guard fchmod(fd, fileMode) == 0 else { throw failure(temporary, "cannot set mode 0600") }
        let data = Array(bytes)
        var offset = 0
        while offset < data.count {
            let count = data.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(temporary, "cannot write")
            }
            offset += count
        }
        guard fsync(fd) == 0 else { throw failure(temporary, "cannot flush") }
        guard rename(temporary, path) == 0 else { throw failure(path, "cannot replace the file") }
        written = true
    }

    private static func failure(_ path: String, _ what: String) -> Failure {
        let code = errno
        let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
        return Failure(path: path, reason: "\(what): \(text)")
    }
}
