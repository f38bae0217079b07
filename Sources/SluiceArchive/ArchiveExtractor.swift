import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Extracts a `tar.gz` artifact into a directory, refusing anything that would write outside it.
///
/// Refused, with an ``ArchiveError`` naming the entry: absolute names and names with a `..` element; symlinks whose
/// target is absolute or resolves outside the directory (checked as each link is written and again, through every
/// link, once the whole archive is out, so that no order of entries can sneak one past); hard links to anything but
/// a regular file extracted earlier inside the directory; any entry whose parent is a symlink (no write ever goes
/// through a link); contents beyond ``maxSize`` in total (checked from each header before anything is written);
/// and corrupt or truncated gzip or tar data. Devices, fifos and unknown entry types are skipped with a warning.
///
/// Only the difference between executable (0755) and other (0644) files is kept; directories are 0755; times and
/// owners are not restored. On error, what was written so far stays in the directory: callers extract into a fresh
/// temporary directory and delete it when this throws.
public struct ArchiveExtractor: Sendable {
    /// The most bytes of file contents an extraction writes.
    public let maxSize: Int64
    /// Where skipped entries are reported.
    public let logger: Logger

    /// An extractor refusing to write more than `maxSize` bytes of file contents.
    public init(maxSize: Int64, logger: Logger) {
        self.maxSize = maxSize
        self.logger = logger
    }

    /// The most decompressed tar bytes read: the contents limit plus as much again (at least 64 MiB) for headers and
    /// padding, so that an archive of millions of empty entries is stopped too.
    var streamLimit: Int64 {
        let allowance = max(maxSize, 64 << 20)
        return maxSize > Int64.max - allowance ? Int64.max : maxSize + allowance
    }

    /// Extracts `archive` (a `tar.gz`) into `directory`, which is created when missing.
    public func extract(_ archive: [UInt8], into directory: URL) throws -> ExtractedArchive {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ArchiveError(.fileSystem, "cannot create directory '\(directory.path)': \(error)", path: directory.path)
        }
        let tree = try DirectoryTree(root: directory)
        let decompressor = try GzipDecompressor(archive, limit: streamLimit)
        var reader = TarReader(decompressor)
        var writer = Writer(tree: tree, maxSize: maxSize)
        var skipped: [SkippedEntry] = []

        while let entry = try reader.next() {
            let elements = try Self.safeElements(of: entry.name)
            if elements.isEmpty { continue }  // `./`, the directory itself
            switch entry.kind {
            case .directory:
                try writer.makeDirectories(elements, entry: entry.name)
            case .regularFile:
                try writer.writeFile(elements, entry: entry, from: &reader)
            case .symbolicLink:
                try writer.makeSymlink(elements, entry: entry)
            case .hardLink:
                try writer.makeHardLink(elements, entry: entry)
            case .characterDevice, .blockDevice, .fifo, .other:
                let reason = "a \(entry.kind.description) is not extracted"
                logger.warning("skipped archive entry \(entry.name): \(reason)", metadata: ["path": "\(entry.name)"])
                skipped.append(SkippedEntry(path: entry.name, reason: reason))
            }
        }
        // Read to the end of the gzip stream, so that a truncated or corrupt tail is noticed too.
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while try scratch.withUnsafeMutableBytes({ try decompressor.read(into: $0) }) > 0 {}
        try writer.verifySymlinks()
        return ExtractedArchive(fileCount: writer.fileCount, byteCount: writer.byteCount, skipped: skipped)
    }

    /// The path elements of an entry name, without `.` and empty elements; throws for absolute names and `..`.
    static func safeElements(of name: String) throws -> [String] {
        if name.isEmpty { throw ArchiveError(.unsafeEntry, "archive entry with an empty name", path: name) }
        if name.utf8.contains(0) { throw ArchiveError(.unsafeEntry, "archive entry '\(name)' has a NUL byte in its name", path: name) }
        if name.hasPrefix("/") {
            throw ArchiveError(.unsafeEntry, "archive entry '\(name)' has an absolute path", path: name)
        }
        let elements = name.split(separator: "/").filter { $0 != "." }
        if elements.contains("..") {
            throw ArchiveError(.unsafeEntry, "archive entry '\(name)' escapes the target directory", path: name)
        }
        return elements.map(String.init)
    }

    /// The writes of one extraction, all relative to the target directory's descriptor.
    private struct Writer {
        let tree: DirectoryTree
        let maxSize: Int64
        var fileCount = 0
        var byteCount: Int64 = 0
        /// Directories known to be real directories (created here or checked with `lstat`).
        var directories: Set<String> = []
        /// Symlinks written, as (path, entry name), for the final check.
        var symlinks: [(path: String, entry: String)] = []
        /// File contents pass through here on their way to disk.
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)

        init(tree: DirectoryTree, maxSize: Int64) {
            self.tree = tree
            self.maxSize = maxSize
        }

        private var root: Int32 { tree.rootDescriptor }

        /// Makes sure each of `elements` (all of them) is a real directory, creating what is missing.
        mutating func makeDirectories(_ elements: [String], entry: String) throws {
            var path = ""
            for (index, element) in elements.enumerated() {
                path = path.isEmpty ? element : path + "/" + element
                if directories.contains(path) { continue }
                if let info = try tree.status(path) {
                    switch DirectoryTree.EntryType(mode: info.st_mode) {
                    case .directory:
                        break
                    case .symbolicLink:
                        throw ArchiveError(
                            .unsafeEntry, "archive entry '\(entry)' would be written through the symlink '\(path)'", path: entry)
                    case let other:
                        let what = index == elements.count - 1 ? "be a directory" : "have '\(path)' as a directory"
                        throw ArchiveError(.corrupt, "archive entry '\(entry)' would \(what), but it is a \(other.description)", path: entry)
                    }
                } else {
                    guard mkdirat(root, path, 0o755) == 0 || errno == EEXIST else {
                        throw ArchiveError.system("cannot create directory", path, errno: errno)
                    }
                    // The umask may have taken bits away; directories are 0755 whatever it is.
                    guard fchmodat(root, path, 0o755, 0) == 0 else { throw ArchiveError.system("cannot set mode of", path, errno: errno) }
                }
                directories.insert(path)
            }
        }

        /// Removes a file or symlink at `path` that a later entry of the same name replaces (never a directory).
        private func removeExisting(_ path: String, entry: String) throws {
            guard let info = try tree.status(path) else { return }
            if DirectoryTree.EntryType(mode: info.st_mode) == .directory {
                throw ArchiveError(.corrupt, "archive entry '\(entry)' would replace the directory '\(path)'", path: entry)
            }
            guard unlinkat(root, path, 0) == 0 else { throw ArchiveError.system("cannot replace", path, errno: errno) }
        }

        mutating func writeFile(_ elements: [String], entry: TarEntry, from reader: inout TarReader<GzipDecompressor>) throws {
            if entry.size > maxSize - byteCount {
                throw ArchiveError(
                    .tooLarge,
                    "archive entry '\(entry.name)' (\(entry.size) bytes) would bring the extracted size beyond the limit of \(maxSize) bytes",
                    path: entry.name)
            }
            try makeDirectories(Array(elements.dropLast()), entry: entry.name)
            let path = elements.joined(separator: "/")
            try removeExisting(path, entry: entry.name)
            let descriptor = openat(root, path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw ArchiveError.system("cannot create", path, errno: errno) }
            defer { close(descriptor) }
            var written: Int64 = 0
            while true {
                let count = try buffer.withUnsafeMutableBytes { try reader.readContents(into: $0) }
                if count == 0 { break }
                try buffer.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < count {
                        let result = write(descriptor, bytes.baseAddress! + offset, count - offset)
                        if result < 0 {
                            if errno == EINTR { continue }
                            throw ArchiveError.system("cannot write", path, errno: errno)
                        }
                        offset += result
                    }
                }
                written += Int64(count)
            }
            let mode: mode_t = entry.mode & 0o111 != 0 ? 0o755 : 0o644
            guard fchmod(descriptor, mode) == 0 else { throw ArchiveError.system("cannot set mode of", path, errno: errno) }
            fileCount += 1
            byteCount += written
        }

        mutating func makeSymlink(_ elements: [String], entry: TarEntry) throws {
            let target = entry.linkName
            if target.isEmpty {
                throw ArchiveError(.corrupt, "archive entry '\(entry.name)' is a symlink without a target", path: entry.name)
            }
            if target.hasPrefix("/") {
                throw ArchiveError(
                    .unsafeEntry, "archive entry '\(entry.name)' is a symlink to the absolute path '\(target)'", path: entry.name)
            }
            // A first, textual check; the final check follows links through the finished tree.
            guard SymlinkResolver.staysInsideLexically(target, depth: elements.count - 1) else {
                throw ArchiveError(
                    .unsafeEntry, "archive entry '\(entry.name)' is a symlink to '\(target)', which leads outside the target directory",
                    path: entry.name)
            }
            try makeDirectories(Array(elements.dropLast()), entry: entry.name)
            let path = elements.joined(separator: "/")
            try removeExisting(path, entry: entry.name)
            guard symlinkat(target, root, path) == 0 else { throw ArchiveError.system("cannot create symlink", path, errno: errno) }
            symlinks.append((path, entry.name))
        }

        mutating func makeHardLink(_ elements: [String], entry: TarEntry) throws {
            let outside = ArchiveError(
                .unsafeEntry, "archive entry '\(entry.name)' is a hard link to '\(entry.linkName)', outside the target directory",
                path: entry.name)
            guard !entry.linkName.isEmpty, let target = try? ArchiveExtractor.safeElements(of: entry.linkName), !target.isEmpty
            else { throw outside }
            // The target's directories must be real directories: a link through a symlink could reach anywhere.
            var parent = ""
            for element in target.dropLast() {
                parent = parent.isEmpty ? element : parent + "/" + element
                guard let info = try tree.status(parent), DirectoryTree.EntryType(mode: info.st_mode) == .directory else {
                    throw ArchiveError(
                        .unsafeEntry, "archive entry '\(entry.name)' is a hard link through '\(parent)', which is not a directory",
                        path: entry.name)
                }
            }
            let targetPath = target.joined(separator: "/")
            guard let info = try tree.status(targetPath), DirectoryTree.EntryType(mode: info.st_mode) == .regularFile else {
                throw ArchiveError(
                    .unsafeEntry,
                    "archive entry '\(entry.name)' is a hard link to '\(entry.linkName)', which is not a regular file extracted before it",
                    path: entry.name)
            }
            try makeDirectories(Array(elements.dropLast()), entry: entry.name)
            let path = elements.joined(separator: "/")
            if path == targetPath { return }
            try removeExisting(path, entry: entry.name)
            guard linkat(root, targetPath, root, path, 0) == 0 else { throw ArchiveError.system("cannot create hard link", path, errno: errno) }
            fileCount += 1
        }

        /// Resolves every symlink written, through the finished tree, and throws for one that leads outside.
        func verifySymlinks() throws {
            let resolver = SymlinkResolver(tree: tree)
            for (path, entry) in symlinks {
                guard let info = try tree.status(path), DirectoryTree.EntryType(mode: info.st_mode) == .symbolicLink else { continue }
                let target = String(decoding: try tree.linkTarget(path), as: UTF8.self)
                let directory = Array(path.split(separator: "/").dropLast().map(String.init))
                switch try resolver.resolve(target, from: directory) {
                case .escapes, .absolute:
                    throw ArchiveError(
                        .unsafeEntry,
                        "archive entry '\(entry)' is a symlink to '\(target)', which resolves outside the target directory through other links",
                        path: entry)
                case .inside, .dangling, .loop:
                    // A dangling or looping link inside the directory reaches nothing outside it.
                    continue
                }
            }
        }
    }
}
