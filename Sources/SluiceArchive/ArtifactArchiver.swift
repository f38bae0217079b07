import Crypto
import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Packages a directory as a deterministic `tar.gz`, as Flux's `Storage.Archive` with `SourceIgnoreFilter` does.
///
/// The walk is depth first in byte order of names, each directory before its contents; the root itself is not an
/// entry. Names are relative with `/` (directories end with `/`); owner 0/0 with empty names, mtime 0; mode 0755
/// for directories and files with any execute bit, 0644 for other files. Ignored directories are not descended into.
///
/// Unlike Flux, which drops every symlink, a symlink is kept (as a symlink entry with its target text unchanged)
/// when its target, resolved from its own directory and through further links in the tree, stays inside the tree,
/// and its text alone never climbs above the root (what ``ArchiveExtractor`` checks first); one that is absolute,
/// leaves the tree, dangles or loops is left out, logged at warning level and listed in ``PackagedArchive/skipped``,
/// as are fifos, sockets and devices.
///
/// The same tree and rules give the same bytes, whatever the files' times, owners and permission bits (beyond the
/// execute bit), the umask or the order in which the file system lists directories.
public struct ArtifactArchiver: Sendable {
    /// The most bytes the compressed artifact may have; packaging stops as soon as it is exceeded.
    public let maxSize: Int64
    /// Where skipped entries are reported.
    public let logger: Logger

    /// An archiver refusing artifacts above `maxSize` compressed bytes (Flux's `--artifact-max-size`).
    public init(maxSize: Int64, logger: Logger) {
        self.maxSize = maxSize
        self.logger = logger
    }

    /// One path waiting to be archived.
    private struct Pending {
        var elements: [String]
        var type: DirectoryTree.EntryType
        var relativePath: String { elements.joined(separator: "/") }
    }

    /// Packages `directory`, leaving out what `ignore` ignores.
    ///
    /// - Throws: ``ArchiveError`` with kind `.tooLarge` when the artifact exceeds ``maxSize``, `.fileSystem` when the
    ///   tree cannot be read.
    public func archive(directory: URL, ignore: IgnoreMatcher) throws -> PackagedArchive {
        let tree = try DirectoryTree(root: directory)
        let resolver = SymlinkResolver(tree: tree)
        let stream = ArchiveStream(maxSize: maxSize)
        var skipped: [SkippedEntry] = []
        var fileCount = 0
        // Depth first in name order: a stack whose top is the next path.
        var pending = try children(of: [], in: tree, skipped: &skipped).reversed() as [Pending]

        while let item = pending.popLast() {
            let path = item.relativePath
            if ignore.isIgnored(item.elements, isDirectory: item.type == .directory) { continue }
            switch item.type {
            case .directory:
                try stream.write(TarWriter.header(for: TarEntry(name: path + "/", kind: .directory, mode: 0o755)))
                pending += try children(of: item.elements, in: tree, skipped: &skipped).reversed()
            case .regularFile:
                let descriptor = try tree.openFile(path)
                defer { close(descriptor) }
                var info = stat()
                guard fstat(descriptor, &info) == 0 else { throw ArchiveError.system("cannot stat", path, errno: errno) }
                guard DirectoryTree.EntryType(mode: info.st_mode) == .regularFile else {
                    throw ArchiveError(.fileSystem, "'\(path)' changed type while it was being archived", path: path)
                }
                let size = Int64(info.st_size)
                let mode: UInt32 = info.st_mode & 0o111 != 0 ? 0o755 : 0o644
                try stream.write(TarWriter.header(for: TarEntry(name: path, kind: .regularFile, mode: mode, size: size)))
                try stream.writeFile(descriptor, size: size, path: path)
                try stream.writeZeros(TarWriter.padding(forContentSize: size))
                fileCount += 1
            case .symbolicLink:
                let targetBytes = try tree.linkTarget(path)
                guard let target = String(validating: targetBytes, as: UTF8.self) else {
                    skip(path, "symlink target is not valid UTF-8", into: &skipped)
                    continue
                }
                // Lexically too, as the extractor checks: `d/../..` may stay inside here only because `d` is a link.
                if !target.hasPrefix("/") && !SymlinkResolver.staysInsideLexically(target, depth: item.elements.count - 1) {
                    skip(path, "symlink target '\(target)' leads outside the tree", into: &skipped)
                    continue
                }
                switch try resolver.resolve(target, from: Array(item.elements.dropLast())) {
                case .inside:
                    try stream.write(
                        TarWriter.header(for: TarEntry(name: path, kind: .symbolicLink, mode: 0o777, linkName: target)))
                case .absolute:
                    let reason = target.hasPrefix("/")
                        ? "symlink target '\(target)' is an absolute path"
                        : "symlink target '\(target)' leads through a symlink to an absolute path"
                    skip(path, reason, into: &skipped)
                case .escapes:
                    skip(path, "symlink target '\(target)' leads outside the tree", into: &skipped)
                case .dangling:
                    skip(path, "symlink target '\(target)' does not exist", into: &skipped)
                case .loop:
                    skip(path, "symlink target '\(target)' is a loop of symlinks", into: &skipped)
                }
            case .fifo, .socket, .characterDevice, .blockDevice, .unknown:
                skip(path, "a \(item.type.description) is not archived; only regular files, directories and symlinks are", into: &skipped)
            }
        }
        try stream.write(TarWriter.endOfArchive)
        let bytes = try stream.finish()
        let digest = "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        logger.debug(
            "packaged artifact",
            metadata: [
                "directory": "\(directory.path)", "files": "\(fileCount)", "size": "\(bytes.count)", "digest": "\(digest)",
            ])
        return PackagedArchive(bytes: bytes, digest: digest, fileCount: fileCount, skipped: skipped)
    }

    /// The entries of the directory `elements`, in name order; names that are not UTF-8 are skipped.
    private func children(of elements: [String], in tree: DirectoryTree, skipped: inout [SkippedEntry]) throws -> [Pending] {
        try tree.entries(of: elements.joined(separator: "/")).compactMap { entry in
            guard let name = entry.name else {
                let shown = String(decoding: entry.nameBytes, as: UTF8.self)
                skip((elements + [shown]).joined(separator: "/"), "the name is not valid UTF-8", into: &skipped)
                return nil
            }
            return Pending(elements: elements + [name], type: entry.type)
        }
    }

    private func skip(_ path: String, _ reason: String, into skipped: inout [SkippedEntry]) {
        logger.warning("left out of the artifact: \(path): \(reason)", metadata: ["path": "\(path)", "reason": "\(reason)"])
        skipped.append(SkippedEntry(path: path, reason: reason))
    }
}
