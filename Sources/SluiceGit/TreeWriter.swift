import CLibGit2
import Foundation
import Logging

/// Writes a commit's tree into a directory as plain files: no `.git`, no index, no filters.
///
/// Modes as Git stores them: 0644 files, 0755 executables, symbolic links with their stored target, empty
/// directories for submodules (or a refusal, when ``refusesSubmodules``: the caller wanted their content and
/// would otherwise build from an empty directory). Every path is created exactly once (`O_EXCL`, no following of links), so a
/// malformed tree cannot write through a symbolic link or outside the directory; entries named `.git`, `.`, `..`
/// or containing `/` are left out with a warning.
struct TreeWriter {
    let repository: CacheRepository
    let logger: Logger
    /// The most bytes of file content the tree may have; nil for no limit.
    var maxBytes: Int? = nil
    /// Whether a submodule (a gitlink, mode 160000) fails the checkout instead of becoming an empty directory.
    var refusesSubmodules = false
    /// The bytes of file content written so far.
    private(set) var written = 0

    /// Writes the tree of `commit` into `directory` (existing and empty).
    mutating func write(commit: git_oid, into directory: String) throws(GitError) {
        var oid = commit
        var object: OpaquePointer?
        var code = git_commit_lookup(&object, repository.pointer, &oid)
        guard code == 0, let object else {
            throw GitError(.referenceNotFound, "commit '\(LibGit2.hex(commit))' not found in the cache; fetch it first")
        }
        defer { git_commit_free(object) }
        var tree: OpaquePointer?
        code = git_commit_tree(&tree, object)
        guard code == 0, let tree else { throw GitError.libgit2(code, "cannot read the tree of \(LibGit2.hex(commit))", url: nil, auth: nil) }
        defer { git_tree_free(tree) }
        try write(tree: tree, into: directory, relative: "")
    }

    private mutating func write(tree: OpaquePointer, into directory: String, relative: String) throws(GitError) {
        for index in 0..<git_tree_entrycount(tree) {
            guard let entry = git_tree_entry_byindex(tree, index) else { continue }
            let name = String(cString: git_tree_entry_name(entry))
            let shown = relative.isEmpty ? name : "\(relative)/\(name)"
            guard Self.isSafe(name) else {
                logger.warning("left out a tree entry with an unsafe name", metadata: ["path": "\(shown)"])
                continue
            }
            let path = "\(directory)/\(name)"
            let mode = git_tree_entry_filemode(entry)
            switch mode {
            case GIT_FILEMODE_TREE:
                guard mkdir(path, 0o755) == 0 else { throw Self.posixError("create directory", shown) }
                var subtree: OpaquePointer?
                let code = git_tree_lookup(&subtree, repository.pointer, git_tree_entry_id(entry))
                guard code == 0, let subtree else { throw GitError.libgit2(code, "cannot read tree \(shown)", url: nil, auth: nil) }
                defer { git_tree_free(subtree) }
                try write(tree: subtree, into: path, relative: shown)
            case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE, GIT_FILEMODE_LINK:
                var blob: OpaquePointer?
                let code = git_blob_lookup(&blob, repository.pointer, git_tree_entry_id(entry))
                guard code == 0, let blob else { throw GitError.libgit2(code, "cannot read blob \(shown)", url: nil, auth: nil) }
                defer { git_blob_free(blob) }
                let content = UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: Int(git_blob_rawsize(blob)))
                written += content.count
                if let maxBytes, written > maxBytes {
                    throw GitError(.other, "the tree's files are more than the limit of \(maxBytes) bytes (at '\(shown)')")
                }
                if mode == GIT_FILEMODE_LINK {
                    let target = String(decoding: content, as: UTF8.self)
                    guard symlink(target, path) == 0 else { throw Self.posixError("create symbolic link", shown) }
                } else {
                    try Self.writeFile(path, content, mode: mode == GIT_FILEMODE_BLOB_EXECUTABLE ? 0o755 : 0o644, shown: shown)
                }
            case GIT_FILEMODE_COMMIT:
                if refusesSubmodules {
                    throw GitError(.other, "submodules are not supported: '\(shown)' is a submodule (its content is not fetched)")
                }
                // A submodule: Git leaves an empty directory.
                guard mkdir(path, 0o755) == 0 else { throw Self.posixError("create directory", shown) }
            default:
                logger.warning("left out a tree entry of unknown mode", metadata: ["path": "\(shown)", "mode": "\(mode.rawValue)"])
            }
        }
    }

    private static func isSafe(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && name.lowercased() != ".git" && !name.contains("/") && !name.contains("\0")
    }

    private static func writeFile(_ path: String, _ content: UnsafeRawBufferPointer, mode: mode_t, shown: String) throws(GitError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw posixError("create file", shown) }
        defer { close(descriptor) }
        var offset = 0
        while offset < content.count {
            let written = Foundation.write(descriptor, content.baseAddress! + offset, content.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw posixError("write file", shown)
            }
            offset += written
        }
        // The process umask must not change what Git stores.
        guard fchmod(descriptor, mode) == 0 else { throw posixError("set the mode of", shown) }
    }

    private static func posixError(_ doing: String, _ path: String) -> GitError {
        GitError(.other, "cannot \(doing) '\(path)': \(String(cString: strerror(errno)))")
    }
}
