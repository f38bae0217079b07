import CLibGit2
import Foundation

/// A bare repository that caches one remote URL, opened on the operation's thread.
final class CacheRepository {
    /// The `git_repository *`.
    let pointer: OpaquePointer
    /// Its directory.
    let path: String

    private init(pointer: OpaquePointer, path: String) {
        self.pointer = pointer
        self.path = path
    }

    deinit { git_repository_free(pointer) }

    /// Opens the cache at `path`, or creates it when missing or unreadable (a half-created cache is started over).
    static func openOrCreate(at path: String) throws(GitError) -> CacheRepository {
        var repository: OpaquePointer?
        if FileManager.default.fileExists(atPath: path) {
            let flags = GIT_REPOSITORY_OPEN_BARE.rawValue | GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
            if git_repository_open_ext(&repository, path, flags, nil) == 0, let repository {
                return CacheRepository(pointer: repository, path: path)
            }
            try? FileManager.default.removeItem(atPath: path)
        }
        let code = git_repository_init(&repository, path, 1)
        guard code == 0, let repository else {
            throw GitError.libgit2(code, "cannot create the cache repository at \(path)", url: nil, auth: nil)
        }
        return CacheRepository(pointer: repository, path: path)
    }

    /// Opens the existing cache at `path`; nil when there is none.
    static func open(at path: String) throws(GitError) -> CacheRepository? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        var repository: OpaquePointer?
        let flags = GIT_REPOSITORY_OPEN_BARE.rawValue | GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
        let code = git_repository_open_ext(&repository, path, flags, nil)
        guard code == 0, let repository else {
            throw GitError.libgit2(code, "cannot open the cache repository at \(path)", url: nil, auth: nil)
        }
        return CacheRepository(pointer: repository, path: path)
    }

    /// The commit `oid` names, peeling annotated tags; nil when the object is missing.
    func peelToCommit(_ oid: git_oid) throws(GitError) -> git_oid? {
        var oid = oid
        var object: OpaquePointer?
        let code = git_object_lookup(&object, pointer, &oid, GIT_OBJECT_ANY)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code == 0, let object else { throw GitError.libgit2(code, "cannot read object \(LibGit2.hex(oid))", url: nil, auth: nil) }
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let peeled = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        guard peeled == 0, let commit else {
            throw GitError(.other, "object \(LibGit2.hex(oid)) does not point to a commit", libgit2Class: LibGit2.lastError()?.errorClass, libgit2Code: peeled)
        }
        defer { git_object_free(commit) }
        return git_object_id(commit).pointee
    }

    /// The commit whose sha is or starts with `hex`; nil when the cache has none (or the prefix is ambiguous).
    func commit(matching hex: String) -> git_oid? {
        var prefix = git_oid()
        guard hex.count >= 4, hex.count <= Int(GIT_OID_HEXSZ), git_oid_fromstrn(&prefix, hex, hex.utf8.count) == 0 else { return nil }
        var object: OpaquePointer?
        guard git_object_lookup_prefix(&object, pointer, &prefix, hex.utf8.count, GIT_OBJECT_COMMIT) == 0, let object else { return nil }
        defer { git_object_free(object) }
        return git_object_id(object).pointee
    }

    /// Whether `commit` is `tip` or one of its ancestors.
    func isReachable(_ commit: git_oid, from tip: git_oid) -> Bool {
        var commit = commit
        var tip = tip
        if git_oid_equal(&commit, &tip) != 0 { return true }
        return git_graph_descendant_of(pointer, &tip, &commit) == 1
    }

    /// The metadata of the commit `oid`.
    func commitMetadata(_ oid: git_oid) throws(GitError) -> GitCommit {
        var oid = oid
        var commit: OpaquePointer?
        let code = git_commit_lookup(&commit, pointer, &oid)
        guard code == 0, let commit else { throw GitError.libgit2(code, "cannot read commit \(LibGit2.hex(oid))", url: nil, auth: nil) }
        defer { git_commit_free(commit) }
        let message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        var block: String?
        if git_commit_extract_signature(&signature, &signedData, pointer, &oid, nil) == 0, let bytes = signature.ptr {
            block = String(cString: bytes)
        }
        return GitCommit(sha: LibGit2.hex(oid), author: Self.signature(git_commit_author(commit)),
                         committer: Self.signature(git_commit_committer(commit)), message: message, signature: block)
    }

    private static func signature(_ signature: UnsafePointer<git_signature>?) -> GitSignature {
        guard let signature else { return GitSignature(name: "", email: "", when: Date(timeIntervalSince1970: 0)) }
        return GitSignature(name: signature.pointee.name.map { String(cString: $0) } ?? "",
                            email: signature.pointee.email.map { String(cString: $0) } ?? "",
                            when: Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time)))
    }
}
