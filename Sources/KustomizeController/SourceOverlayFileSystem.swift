import SluiceKustomize

/// What a Kustomization build reads: the source tree on disk under `source/`, with Flux's generated kustomization
/// files held in memory over it, so the tree itself (an extracted artifact, or a person's checkout) is never written.
///
/// Paths are root-relative, as ``KustomizeFileSystem`` has them: `source/apps/deployment.yaml` is
/// `apps/deployment.yaml` in the tree; a generated file at the same path hides the one on disk.
struct SourceOverlayFileSystem: KustomizeFileSystem {
    /// The directory the source tree appears as.
    static let sourceDirectory = "source"

    /// The source tree, read-only (symbolic links may not leave it).
    let source: DiskFileSystem
    /// The generated files, by root-relative path.
    private(set) var generated = InMemoryFileSystem()

    /// The tree `source`, with nothing generated yet.
    init(source: DiskFileSystem) {
        self.source = source
    }

    /// Adds a generated file at the root-relative `path`.
    mutating func write(_ path: String, _ text: String) {
        generated.write(path, text)
    }

    /// Adds a file held in memory at the root-relative `path` (a decrypted source file hiding the encrypted one on disk).
    mutating func write(_ path: String, bytes: [UInt8]) {
        generated.write(path, bytes: bytes)
    }

    func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? {
        if let entry = try generated.entry(at: path) { return entry }
        if path == Self.sourceDirectory { return .directory }
        guard let inner = Self.sourcePath(path) else { return nil }
        do { return try source.entry(at: inner) } catch { throw Self.named(error, path) }
    }

    func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
        if try generated.entry(at: path) == .file { return try generated.readFile(path, limit: limit) }
        guard let inner = Self.sourcePath(path) else { throw KustomizeError("no such file", file: path) }
        do { return try source.readFile(inner, limit: limit) } catch { throw Self.named(error, path) }
    }

    /// `path` inside the source tree, or `nil` when it is not below `source/`.
    private static func sourcePath(_ path: String) -> String? {
        guard path.hasPrefix(sourceDirectory + "/") else { return nil }
        return String(path.dropFirst(sourceDirectory.count + 1))
    }

    /// The disk's error naming the root-relative path the build asked for, not the tree-relative one.
    private static func named(_ error: KustomizeError, _ path: String) -> KustomizeError {
        var error = error
        if error.file != nil { error.file = path }
        return error
    }
}
