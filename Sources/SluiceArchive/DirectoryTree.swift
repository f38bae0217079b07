import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory opened once, whose contents are read with POSIX calls relative to it (`openat`, `fstatat`,
/// `readlinkat`), never following a symlink in the last element of a path.
///
/// Paths are relative to the root, `/`-separated, without `.` or `..`; the empty path is the root itself.
final class DirectoryTree {
    /// One entry of a directory listing.
    struct Entry {
        /// The name as bytes, as the file system has it.
        var nameBytes: [UInt8]
        /// The name, nil when it is not valid UTF-8.
        var name: String?
        /// What the entry is, without following symlinks.
        var type: EntryType
    }

    /// What a directory entry is.
    enum EntryType: Equatable {
        case regularFile
        case directory
        case symbolicLink
        case fifo
        case socket
        case characterDevice
        case blockDevice
        case unknown

        init(mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFREG: self = .regularFile
            case S_IFDIR: self = .directory
            case S_IFLNK: self = .symbolicLink
            case S_IFIFO: self = .fifo
            case S_IFSOCK: self = .socket
            case S_IFCHR: self = .characterDevice
            case S_IFBLK: self = .blockDevice
            default: self = .unknown
            }
        }

        /// A word for messages.
        var description: String {
            switch self {
            case .regularFile: "regular file"
            case .directory: "directory"
            case .symbolicLink: "symlink"
            case .fifo: "fifo"
            case .socket: "socket"
            case .characterDevice: "character device"
            case .blockDevice: "block device"
            case .unknown: "file of unknown type"
            }
        }
    }

    /// The root's path, for messages.
    let rootPath: String
    /// The root directory's descriptor.
    let rootDescriptor: Int32

    /// Opens `root`, which must be a directory (it may be reached through symlinks).
    init(root: URL) throws {
        rootPath = root.path
        let descriptor = open(rootPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError.system("cannot open directory", rootPath, errno: errno) }
        rootDescriptor = descriptor
    }

    deinit { close(rootDescriptor) }

    /// The relative path as a C path for the `*at` calls: `.` for the root.
    private func cPath(_ relative: String) -> String { relative.isEmpty ? "." : relative }

    /// The entries of the directory at `relative`, sorted by the bytes of their names (as Go's `os.ReadDir`).
    func entries(of relative: String) throws -> [Entry] {
        let descriptor = openat(rootDescriptor, cPath(relative), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError.system("cannot open directory", display(relative), errno: errno) }
        guard let directory = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw ArchiveError.system("cannot read directory", display(relative), errno: code)
        }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while true {
            errno = 0
            guard let pointer = readdir(directory) else {
                if errno != 0 { throw ArchiveError.system("cannot read directory", display(relative), errno: errno) }
                break
            }
            let nameBytes = withUnsafeBytes(of: &pointer.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if nameBytes == [UInt8(ascii: ".")] || nameBytes == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            var type: EntryType
            switch Int32(pointer.pointee.d_type) {
            case Int32(DT_REG): type = .regularFile
            case Int32(DT_DIR): type = .directory
            case Int32(DT_LNK): type = .symbolicLink
            case Int32(DT_FIFO): type = .fifo
            case Int32(DT_SOCK): type = .socket
            case Int32(DT_CHR): type = .characterDevice
            case Int32(DT_BLK): type = .blockDevice
            default: type = .unknown
            }
            if type == .unknown {
                // Some file systems do not report types in directory listings.
                var info = stat()
                var cName = nameBytes.map { CChar(bitPattern: $0) }
                cName.append(0)
                if fstatat(dirfd(directory), cName, &info, AT_SYMLINK_NOFOLLOW) == 0 { type = EntryType(mode: info.st_mode) }
            }
            entries.append(Entry(nameBytes: nameBytes, name: String(validating: nameBytes, as: UTF8.self), type: type))
        }
        entries.sort { $0.nameBytes.lexicographicallyPrecedes($1.nameBytes) }
        return entries
    }

    /// `lstat` of `relative`, nil when nothing is there (or a parent is not a directory).
    func status(_ relative: String) throws -> stat? {
        var info = stat()
        if fstatat(rootDescriptor, cPath(relative), &info, AT_SYMLINK_NOFOLLOW) == 0 { return info }
        if errno == ENOENT || errno == ENOTDIR { return nil }
        throw ArchiveError.system("cannot stat", display(relative), errno: errno)
    }

    /// The target of the symlink at `relative`, as bytes.
    func linkTarget(_ relative: String) throws -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlinkat(rootDescriptor, cPath(relative), &buffer, buffer.count)
        guard count >= 0 else { throw ArchiveError.system("cannot read symlink", display(relative), errno: errno) }
        return buffer[0..<count].map { UInt8(bitPattern: $0) }
    }

    /// Opens the regular file at `relative` for reading, refusing a symlink.
    func openFile(_ relative: String) throws -> Int32 {
        let descriptor = openat(rootDescriptor, relative, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw ArchiveError.system("cannot open", display(relative), errno: errno) }
        return descriptor
    }

    /// The text of a small regular file (an ignore file), nil if it is not a regular file.
    func readSmallFile(_ elements: [String], limit: Int = 16 << 20) throws -> String? {
        let relative = elements.joined(separator: "/")
        let descriptor = try openFile(relative)
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, EntryType(mode: info.st_mode) == .regularFile else { return nil }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError.system("cannot read", display(relative), errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The relative path for messages: the root's own path for the root.
    func display(_ relative: String) -> String { relative.isEmpty ? rootPath : relative }
}
