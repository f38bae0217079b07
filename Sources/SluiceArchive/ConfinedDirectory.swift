import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory into which paths from outside are joined without ever leaving it: every element of a path is
/// opened relative to its parent with `openat(O_NOFOLLOW | O_DIRECTORY)`, so no symbolic link on the path is
/// followed, and the last element is looked at with `fstatat(AT_SYMLINK_NOFOLLOW)`.
///
/// For spec paths (a GitRepository's `spec.include[].fromPath`/`toPath`, `spec.sparseCheckout`) joined onto a
/// checked-out tree that may hold symlinks committed by whoever can push: with `esc -> /host/dir` in the tree, the
/// path `esc/x` must neither remove nor write `/host/dir/x`. Paths are relative and `/`-separated; `.` and empty
/// elements are ignored. Refused with a ``ConfinedPathError``: absolute paths, `..` elements, and any element —
/// the last one included — that is a symbolic link (even one pointing inside: a spec path names real
/// directories and files, and one rule is easier to trust than a resolver).
///
/// The directory itself (``root``) is trusted: it is opened following links, as the caller named it.
public final class ConfinedDirectory {
    /// The directory, as the caller named it.
    public let root: URL
    private let tree: DirectoryTree

    /// Opens `root`, which must be a directory.
    ///
    /// - Throws: ``ArchiveError`` of kind `.fileSystem` when it cannot be opened.
    public init(root: URL) throws {
        self.root = root
        tree = try DirectoryTree(root: root)
    }

    /// The elements of `path`, without `.` and empty elements; the empty list is the directory itself.
    ///
    /// - Throws: ``ConfinedPathError`` of kind `.absolute` or `.parentElement`.
    public static func elements(of path: String) throws(ConfinedPathError) -> [String] {
        if path.hasPrefix("/") { throw ConfinedPathError(.absolute, component: path, message: "must be a relative path") }
        if path.utf8.contains(0) { throw ConfinedPathError(.fileSystem, component: path, message: "must not contain a NUL byte") }
        let elements = path.split(separator: "/").filter { $0 != "." }.map(String.init)
        if elements.contains("..") { throw ConfinedPathError(.parentElement, component: path, message: "must not contain '..'") }
        return elements
    }

    /// Whether something (a file, a directory, anything but a symlink) is at `path`; the root always is.
    ///
    /// - Throws: ``ConfinedPathError`` when the path is unsafe, an element of it is a symlink, or one before the
    ///   last is not a directory.
    public func contains(_ path: String) throws -> Bool {
        let elements = try Self.elements(of: path)
        guard let name = elements.last else { return true }
        guard let parent = try openParent(of: elements, creating: false) else { return false }
        defer { close(parent) }
        return try entryType(name, in: parent, elements: elements) != nil
    }

    /// Removes what is at `path`, a directory with everything in it; nothing there is not an error.
    ///
    /// Symlinks met inside a removed directory are removed themselves, never followed.
    ///
    /// - Throws: ``ConfinedPathError`` as ``contains(_:)`` does, of kind `.root` for the directory itself.
    public func remove(_ path: String) throws {
        let elements = try Self.elements(of: path)
        guard let name = elements.last else { throw ConfinedPathError(.root, component: "", message: "is the directory itself") }
        guard let parent = try openParent(of: elements, creating: false) else { return }
        defer { close(parent) }
        guard let type = try entryType(name, in: parent, elements: elements) else { return }
        try Self.removeEntry(name, of: type, in: parent, shown: elements.joined(separator: "/"))
    }

    /// Moves what is at `path` (the whole directory when `path` is empty) to `destinationPath` in `destination`,
    /// creating the missing directories above it and replacing what was there.
    ///
    /// Both directories must be on one file system (it is a `renameat`).
    ///
    /// - Throws: ``ConfinedPathError``: as ``contains(_:)`` for either path; of kind `.missing` when nothing is at
    ///   `path`; `.root` when `destinationPath` is the destination itself.
    public func move(_ path: String, to destinationPath: String, in destination: ConfinedDirectory) throws {
        let sourceElements = try Self.elements(of: path)
        let targetElements = try Self.elements(of: destinationPath)
        guard let targetName = targetElements.last else {
            throw ConfinedPathError(.root, component: "", message: "is the directory itself")
        }
        // The source's parent and name; the root itself is moved by the path it was opened with.
        let sourceParent: Int32
        let sourceName: String
        if let name = sourceElements.last {
            guard let parent = try openParent(of: sourceElements, creating: false) else { throw Self.missing(sourceElements) }
            sourceParent = parent
            sourceName = name
            guard try entryType(name, in: parent, elements: sourceElements) != nil else {
                close(parent)
                throw Self.missing(sourceElements)
            }
        } else {
            sourceParent = AT_FDCWD
            sourceName = root.path
        }
        defer { if sourceParent != AT_FDCWD { close(sourceParent) } }

        guard let targetParent = try destination.openParent(of: targetElements, creating: true) else {
            throw Self.missing(targetElements)
        }
        defer { close(targetParent) }
        let shownTarget = targetElements.joined(separator: "/")
        if let existing = try destination.entryType(targetName, in: targetParent, elements: targetElements) {
            try Self.removeEntry(targetName, of: existing, in: targetParent, shown: shownTarget)
        }
        guard renameat(sourceParent, sourceName, targetParent, targetName) == 0 else {
            throw Self.system("cannot move '\(sourceElements.joined(separator: "/"))' to", shownTarget, errno: errno)
        }
    }

    // MARK: - The walk

    /// A descriptor of the directory holding the last of `elements` (not empty), each element before it opened
    /// without following links; nil when one of them is missing and `creating` is false.
    private func openParent(of elements: [String], creating: Bool) throws(ConfinedPathError) -> Int32? {
        var current = dup(tree.rootDescriptor)
        guard current >= 0 else { throw Self.system("cannot open", root.path, errno: errno) }
        for index in elements.indices.dropLast() {
            let element = elements[index]
            var next = openat(current, element, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0, errno == ENOENT, creating {
                if mkdirat(current, element, 0o755) == 0 || errno == EEXIST {
                    next = openat(current, element, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                }
            }
            if next < 0 {
                let code = errno
                defer { close(current) }
                let prefix = Array(elements[...index])
                // Say why: the kernel answers ELOOP or ENOTDIR for a link, ENOTDIR for a file.
                guard let type = try entryType(element, in: current, elements: prefix) else {
                    if creating { throw Self.system("cannot create directory", prefix.joined(separator: "/"), errno: code) }
                    return nil
                }
                guard type == .directory else {
                    throw ConfinedPathError(.notDirectory, component: prefix.joined(separator: "/"),
                                            message: "path component '\(prefix.joined(separator: "/"))' is a \(type.description), not a directory")
                }
                throw Self.system("cannot open directory", prefix.joined(separator: "/"), errno: code)
            }
            close(current)
            current = next
        }
        return current
    }

    /// What `name` in the directory `parent` is, nil when nothing is there; throws for a symlink.
    private func entryType(_ name: String, in parent: Int32, elements: [String]) throws(ConfinedPathError) -> DirectoryTree.EntryType? {
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw Self.system("cannot stat", elements.joined(separator: "/"), errno: errno)
        }
        let type = DirectoryTree.EntryType(mode: info.st_mode)
        if type == .symbolicLink {
            let shown = elements.joined(separator: "/")
            throw ConfinedPathError(.symbolicLink, component: shown, message: "path component '\(shown)' is a symbolic link")
        }
        return type
    }

    /// Removes `name` of `type` from the directory `parent`: a directory with everything in it, depth first, each
    /// level opened without following links; anything else (a symlink inside included) unlinked.
    private static func removeEntry(_ name: String, of type: DirectoryTree.EntryType, in parent: Int32, shown: String) throws(ConfinedPathError) {
        try removeEntry(Array(name.utf8), of: type, in: parent, shown: shown)
    }

    /// ``removeEntry(_:of:in:shown:)`` for a name as the file system has it (it need not be UTF-8).
    private static func removeEntry(_ nameBytes: [UInt8], of type: DirectoryTree.EntryType, in parent: Int32, shown: String) throws(ConfinedPathError) {
        let name = nameBytes.map { CChar(bitPattern: $0) } + [0]
        guard type == .directory else {
            guard unlinkat(parent, name, 0) == 0 else { throw system("cannot remove", shown, errno: errno) }
            return
        }
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw system("cannot open directory", shown, errno: errno) }
        guard let directory = fdopendir(descriptor) else {
            let code = errno
            close(descriptor)
            throw system("cannot read directory", shown, errno: code)
        }
        defer { closedir(directory) }
        var children: [(name: [UInt8], type: DirectoryTree.EntryType)] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw system("cannot read directory", shown, errno: errno) }
                break
            }
            let child = withUnsafeBytes(of: &entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if child == [UInt8(ascii: ".")] || child == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            var info = stat()
            let cChild = child.map { CChar(bitPattern: $0) } + [0]
            let childShown = shown + "/" + String(decoding: child, as: UTF8.self)
            guard fstatat(descriptor, cChild, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                throw system("cannot stat", childShown, errno: errno)
            }
            children.append((child, DirectoryTree.EntryType(mode: info.st_mode)))
        }
        for child in children {
            try removeEntry(child.name, of: child.type, in: descriptor, shown: shown + "/" + String(decoding: child.name, as: UTF8.self))
        }
        guard unlinkat(parent, name, AT_REMOVEDIR) == 0 else { throw system("cannot remove directory", shown, errno: errno) }
    }

    private static func missing(_ elements: [String]) -> ConfinedPathError {
        ConfinedPathError(.missing, component: elements.joined(separator: "/"), message: "does not exist")
    }

    private static func system(_ operation: String, _ path: String, errno code: Int32) -> ConfinedPathError {
        ConfinedPathError(.fileSystem, component: path, message: "\(operation) '\(path)': \(SystemErrorText.describe(code))")
    }
}
