import Foundation
import Synchronization

/// The build's file system: the local tree, with every fetched remote root mounted beside it.
///
/// A remote root lives under a first path component that no local path can have (it starts with a NUL byte, which
/// no file name holds and the engine refuses in references), so the local tree can never name a remote file and
/// root-relative arithmetic works unchanged inside a remote root. ``BuildSession`` keeps references inside the
/// root they start in.
final class RemoteMounts: KustomizeFileSystem {
    /// One remote root.
    struct Mount: Sendable {
        /// What the root holds.
        var fileSystem: any KustomizeFileSystem
        /// How messages name the root: the clone URL, or the file's URL.
        var display: String
        /// The ref, for messages and origins.
        var ref: String?
        /// The origin annotation's `repo:` (kustomize's clone spec; for an `http(s)` file, what kustomize's origin
        /// code makes of the URL).
        var originRepo: String?
        /// What the origin's `path:` starts with: `""`, or kustomize's `notCloned` for a repository named without a
        /// path (kustomize's origin code cuts the clone directory's name wrongly there; Sluice writes what it writes).
        var originPrefix: String
        /// Whether the root holds one fetched `http(s)` file (named ``BuildSession/remoteFileName``) rather than a repository.
        var isFile: Bool
        /// The identity a second reference to the same root is recognised by.
        var key: String
    }

    static let marker = "\u{0}remote-"

    let base: any KustomizeFileSystem
    private let mounts = Mutex<[Mount]>([])

    init(base: any KustomizeFileSystem) {
        self.base = base
    }

    /// How many roots are mounted.
    var count: Int { mounts.withLock { $0.count } }

    /// The root-relative path of the mounted root with `key`, if mounted.
    func path(forKey key: String) -> String? {
        mounts.withLock { mounts in mounts.firstIndex { $0.key == key }.map { Self.marker + String($0) } }
    }

    /// Mounts `mount` and returns the path of its root.
    func mount(_ mount: Mount) -> String {
        mounts.withLock { mounts in
            mounts.append(mount)
            return Self.marker + String(mounts.count - 1)
        }
    }

    /// The mount holding `path` and the path inside it; `nil` for a local path.
    func mount(holding path: String) -> (mount: Mount, root: String, inner: String)? {
        guard path.hasPrefix(Self.marker) else { return nil }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let root = String(path[..<slash])
        guard let index = Int(root.dropFirst(Self.marker.count)) else { return nil }
        let inner = slash == path.endIndex ? "" : String(path[path.index(after: slash)...])
        return mounts.withLock { mounts in mounts.indices.contains(index) ? (mounts[index], root, inner) : nil }
    }

    func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? {
        guard path.hasPrefix(Self.marker) else { return try base.entry(at: path) }
        guard let (mount, root, inner) = mount(holding: path) else { return nil }
        do { return try mount.fileSystem.entry(at: inner) } catch { throw Self.inMount(error, root: root) }
    }

    func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
        guard path.hasPrefix(Self.marker) else { return try base.readFile(path, limit: limit) }
        guard let (mount, root, inner) = mount(holding: path) else { throw KustomizeError("no such file", file: path) }
        do { return try mount.fileSystem.readFile(inner, limit: limit) } catch { throw Self.inMount(error, root: root) }
    }

    /// A mounted file system's error, its file named by the build's path (which ``shown(_:)`` turns into the URL).
    private static func inMount(_ error: KustomizeError, root: String) -> KustomizeError {
        var named = error
        named.file = error.file.map { $0.isEmpty ? root : "\(root)/\($0)" }
        return named
    }

    /// `path` as a person reads it: a remote file as `URL//path-in-repository`.
    func shown(_ path: String) -> String {
        guard let (mount, _, inner) = mount(holding: path) else { return path }
        return inner.isEmpty || mount.isFile ? mount.display : "\(mount.display)//\(inner)"
    }

    /// `error` with every mounted path in its file and message shown as ``shown(_:)`` shows it.
    func shown(_ error: KustomizeError) -> KustomizeError {
        var shownError = error
        if let file = error.file { shownError.file = shown(file) }
        guard error.message.contains(Self.marker) else { return shownError }
        let all = mounts.withLock { $0 }
        for (index, mount) in all.enumerated().reversed() {
            if mount.isFile {
                shownError.message = shownError.message.replacingOccurrences(of: Self.marker + String(index) + "/" + BuildSession.remoteFileName, with: mount.display)
            }
            shownError.message = shownError.message.replacingOccurrences(of: Self.marker + String(index) + "/", with: mount.display + "//")
                .replacingOccurrences(of: Self.marker + String(index), with: mount.display)
        }
        return shownError
    }
}
