import Crypto
import Foundation
import Logging
import SluiceArchive

/// The files of an artifact held in memory: read from a source's `tar.gz`, changed by an ArtifactGenerator's copy
/// rules and packaged again deterministically.
///
/// Paths are relative, `/`-separated and free of `.`, `..` and empty elements, so nothing in here can name a place
/// outside the tree, and because it is not a file system there is no symlink to follow: symlinks in a source
/// artifact are left out (logged), as are devices and fifos; only regular files (executable or not) and
/// directories are kept. Every read is bounded by a byte budget.
struct ArtifactTree: Sendable {
    /// A regular file.
    struct File: Sendable, Hashable {
        var contents: [UInt8]
        var isExecutable: Bool
    }

    /// The files, by path.
    private(set) var files: [String: File] = [:]
    /// Every directory, explicit or above a file.
    private(set) var directories: Set<String> = []
    /// Bytes of file contents held.
    private(set) var byteCount: Int64 = 0

    /// An empty tree.
    init() {}

    /// The tree of a `tar.gz` artifact, refusing names that leave it and more than `maxSize` bytes of contents.
    ///
    /// - Throws: ``ArtifactTreeError`` for an unsafe entry name or too much content; ``ArchiveError`` for corrupt data.
    init(tarGz archive: [UInt8], maxSize: Int64, logger: Logger) throws {
        let allowance = max(maxSize, 64 << 20)
        let decompressor = try GzipDecompressor(archive, limit: maxSize > Int64.max - allowance ? Int64.max : maxSize + allowance)
        var reader = TarReader(decompressor)
        while let entry = try reader.next() {
            let elements: [String]
            do {
                elements = try ConfinedDirectory.elements(of: entry.name)
            } catch {
                throw ArtifactTreeError("archive entry '\(entry.name)' \(error.message)")
            }
            guard !elements.isEmpty else { continue }
            let path = elements.joined(separator: "/")
            switch entry.kind {
            case .directory:
                try addDirectory(path)
            case .regularFile:
                guard entry.size <= maxSize - byteCount else {
                    throw ArtifactTreeError("the artifact's contents exceed \(maxSize) bytes")
                }
                try write(path, File(contents: try reader.readContents(), isExecutable: entry.mode & 0o111 != 0))
            default:
                logger.warning("left out of the generated artifact", metadata: ["path": "\(path)", "cause": "a \(entry.kind.description)"])
            }
        }
    }

    /// Whether `path` is a directory (the root `""` always is).
    func isDirectory(_ path: String) -> Bool { path.isEmpty || directories.contains(path) }

    /// The file at `path`.
    func file(_ path: String) -> File? { files[path] }

    /// Every file and directory strictly below `directory` (`""`: the whole tree), sorted.
    func paths(under directory: String) -> [String] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        return (Array(files.keys) + Array(directories)).filter { $0.hasPrefix(prefix) && $0 != directory }.sorted()
    }

    /// The entries directly in `directory`, sorted by name.
    func children(of directory: String) -> [String] {
        let prefix = directory.isEmpty ? "" : directory + "/"
        var names: Set<String> = []
        for path in Array(files.keys) + Array(directories) where path.hasPrefix(prefix) && path != directory {
            let rest = path.dropFirst(prefix.count)
            names.insert(String(rest.prefix { $0 != "/" }))
        }
        return names.sorted()
    }

    /// Makes `path` and every directory above it; a file in the way is an error.
    mutating func addDirectory(_ path: String) throws {
        var current = ""
        for element in path.split(separator: "/") {
            current = current.isEmpty ? String(element) : current + "/" + element
            if files[current] != nil { throw ArtifactTreeError("'\(current)' is a file, not a directory") }
            directories.insert(current)
        }
    }

    /// Writes `file` at `path`, replacing a file there and making the directories above it.
    mutating func write(_ path: String, _ file: File) throws {
        if directories.contains(path) { throw ArtifactTreeError("'\(path)' is a directory") }
        if let slash = path.lastIndex(of: "/") { try addDirectory(String(path[..<slash])) }
        byteCount += Int64(file.contents.count) - Int64(files[path]?.contents.count ?? 0)
        files[path] = file
    }

    /// The tree as a deterministic `tar.gz`: depth first in name order, directories `0755`, files `0644` or `0755`,
    /// owner 0, time 0, as `ArtifactArchiver` packages a directory.
    func packaged(maxSize: Int64) throws -> [UInt8] {
        var writer = TarWriter()
        func walk(_ directory: String) {
            for name in children(of: directory) {
                let path = directory.isEmpty ? name : directory + "/" + name
                if let file = files[path] {
                    writer.appendFile(path, contents: file.contents, mode: file.isExecutable ? 0o755 : 0o644)
                } else {
                    writer.append(TarEntry(name: path + "/", kind: .directory, mode: 0o755))
                    walk(path)
                }
            }
        }
        walk("")
        writer.finish()
        let bytes = Gzip.compress(writer.bytes)
        guard bytes.count <= maxSize else { throw ArtifactTreeError("the generated artifact is \(bytes.count) bytes, more than the limit of \(maxSize)") }
        return bytes
    }

    /// source-watcher's content hash, the name of the artifact file: Adler-32 over one line `<adler32 hex>  <prefix>/<path>`
    /// per file in path order (golang.org/x/mod's `dirhash.HashDir` with source-watcher's hash), printed in decimal.
    func contentHash(prefix: String) -> String {
        var lines: [UInt8] = []
        for path in files.keys.map({ prefix + "/" + $0 }).sorted() {
            let file = files[String(path.dropFirst(prefix.count + 1))]!
            lines += Array("\(String(Adler32.checksum(file.contents), radix: 16))  \(path)\n".utf8)
        }
        return String(Adler32.checksum(lines))
    }
}
