import CLibGit2
import Foundation
import Logging

/// Commits files to a branch of a remote repository and pushes the commit, over libgit2, for `sluice bootstrap git`.
///
/// Works in a scratch bare repository: fetches the branch (if it exists), lays the files over its tree (every other
/// path kept), and commits and pushes only when the tree changed — so publishing the same files twice makes no second
/// commit. Credentials, host keys, CA and deadline are handled as for fetches (`GitAuth`); the push is refused (not
/// forced) when the branch moved meanwhile.
public struct GitPublisher: Sendable {
    /// What a publish did.
    public struct Outcome: Sendable, Equatable {
        /// The branch's commit after the publish (the new one, or the unchanged tip); empty for an empty branch left alone.
        public var commit: String
        /// Whether a commit was made and pushed.
        public var pushed: Bool
    }

    private let logger: Logger

    /// A publisher logging to `logger`.
    public init(logger: Logger) {
        self.logger = logger
        LibGit2.ensureInitialized()
    }

    /// Makes `files` (paths relative to the repository root, `/`-separated) hold their contents on `branch` of `url`.
    ///
    /// - Parameters:
    ///   - files: The files to write; other files on the branch are left as they are.
    ///   - keepingExisting: Those of `files` written only when the branch does not have them (a user's own
    ///     `kustomization.yaml` with patches stays).
    ///   - message: The commit message.
    ///   - author: The author and committer.
    ///   - timeout: The deadline for the whole operation.
    /// - Throws: `GitError` naming what failed (a rejected push, bad credentials, a bad path).
    public func publish(url: String, branch: String, auth: GitAuth, files: [String: Data], keepingExisting: Set<String> = [],
                        message: String, author: GitSignature, timeout: Duration) async throws -> Outcome
    {
        let gitURL = try GitURL(url)
        for path in files.keys { try Self.validate(path) }
        let control = OperationControl(timeout: timeout, timeoutError: GitError(.timeout, "publishing to \(gitURL.redacted) timed out after \(timeout)"))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try await BlockingOperation.run(name: "sluice-git-publish", control: control) {
            try PublishRun(url: gitURL, branch: branch, auth: auth, control: control, directory: scratch.path)
                .run(files: files, keepingExisting: keepingExisting, message: message, author: author)
        }
    }

    /// A path is relative, without empty, `.`, `..` or `.git` components.
    static func validate(_ path: String) throws(GitError) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.lowercased() == ".git" }) else {
            throw GitError(.other, "invalid path '\(path)' to commit: a relative path without empty, '.', '..' or '.git' components")
        }
    }
}

/// One publish: on the operation's thread, in a scratch bare repository.
private struct PublishRun {
    let url: GitURL
    let branch: String
    let auth: GitAuth
    let control: OperationControl
    let directory: String

    var reference: String { "refs/heads/\(branch)" }

    func run(files: [String: Data], keepingExisting: Set<String>, message: String, author: GitSignature) throws -> GitPublisher.Outcome {
        var repository: OpaquePointer?
        var code = git_repository_init(&repository, directory, 1)
        guard code == 0, let repository else { throw GitError.libgit2(code, "cannot create a scratch repository", url: nil, auth: nil) }
        defer { git_repository_free(repository) }

        let parent = try fetch(into: repository)
        var parentCommit: OpaquePointer?
        var parentTree: OpaquePointer?
        if var parent {
            code = git_commit_lookup(&parentCommit, repository, &parent)
            guard code == 0 else { throw GitError.libgit2(code, "cannot read the tip of \(branch)", url: url, auth: auth) }
            code = git_commit_tree(&parentTree, parentCommit)
            guard code == 0 else { throw GitError.libgit2(code, "cannot read the tree of \(branch)", url: url, auth: auth) }
        }
        defer {
            git_tree_free(parentTree)
            git_commit_free(parentCommit)
        }

        let entries = files.map { (path: $0.key.split(separator: "/").map(String.init), data: $0.value, keep: keepingExisting.contains($0.key)) }
        var tree = try write(entries, over: parentTree, in: repository)
        if let parentTree, git_oid_equal(&tree, git_tree_id(parentTree)) != 0, let parent {
            return .init(commit: LibGit2.hex(parent), pushed: false)
        }
        var treeObject: OpaquePointer?
        code = git_tree_lookup(&treeObject, repository, &tree)
        guard code == 0 else { throw GitError.libgit2(code, "cannot read the new tree", url: nil, auth: nil) }
        defer { git_tree_free(treeObject) }

        var signature: UnsafeMutablePointer<git_signature>?
        code = git_signature_new(&signature, author.name, author.email, git_time_t(author.when.timeIntervalSince1970), 0)
        guard code == 0 else { throw GitError.libgit2(code, "invalid author '\(author.name) <\(author.email)>'", url: nil, auth: nil) }
        defer { git_signature_free(signature) }
        var commit = git_oid()
        var parents: [OpaquePointer?] = parentCommit.map { [$0] } ?? []
        code = parents.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&commit, repository, reference, signature, signature, "UTF-8", message, treeObject, buffer.count, buffer.baseAddress)
        }
        guard code == 0 else { throw GitError.libgit2(code, "cannot commit to \(branch)", url: nil, auth: nil) }
        try push(from: repository)
        return .init(commit: LibGit2.hex(commit), pushed: true)
    }

    /// Fetches the branch into `refs/heads/BRANCH`; returns its commit, or nil when the remote has no such branch.
    private func fetch(into repository: OpaquePointer) throws -> git_oid? {
        try withRemote(repository, direction: GIT_DIRECTION_FETCH) { remote, session, callbacks, headers, redirects in
            var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
            var count = 0
            var code = git_remote_ls(&heads, &count, remote)
            guard code == 0 else { throw failure(code, "cannot list the references of \(url.redacted)", session) }
            let advertised = (0..<count).compactMap { heads?[$0] }.contains { head in
                head.pointee.name.map { String(cString: $0) } == reference
            }
            guard advertised else { return nil }
            var options = git_fetch_options()
            git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
            options.callbacks = callbacks
            options.follow_redirects = redirects
            options.prune = GIT_FETCH_NO_PRUNE
            options.update_fetchhead = 0
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.custom_headers = headers.strarray
            let refspecs = CStringArray(["+\(reference):\(reference)"])
            code = git_remote_download(remote, &refspecs.strarray, &options)
            guard code == 0 else { throw failure(code, "fetch from \(url.redacted) failed", session) }
            var updateCallbacks = callbacks
            code = git_remote_update_tips(remote, &updateCallbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "sluice: fetch")
            guard code == 0 else { throw failure(code, "cannot update the references for \(url.redacted)", session) }
            var oid = git_oid()
            code = git_reference_name_to_id(&oid, repository, reference)
            guard code == 0 else { throw GitError(.referenceNotFound, "branch '\(branch)' missing after the fetch from \(url.redacted)") }
            return oid
        }
    }

    /// Pushes `refs/heads/BRANCH` (not forced); a rejected update is an error naming the server's reason.
    private func push(from repository: OpaquePointer) throws {
        try withRemote(repository, direction: nil) { remote, session, callbacks, headers, redirects in
            var options = git_push_options()
            git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
            options.callbacks = callbacks
            options.callbacks.push_update_reference = { name, status, payload in
                guard let status, let payload else { return 0 }
                let session = Unmanaged<RemoteSession>.fromOpaque(payload).takeUnretainedValue()
                let name = name.map { String(cString: $0) } ?? "?"
                return session.fail(GitError(.other, "the server refused to update \(name): \(String(cString: status))"))
            }
            options.custom_headers = headers.strarray
            options.follow_redirects = redirects
            let refspecs = CStringArray(["\(reference):\(reference)"])
            let code = git_remote_push(remote, &refspecs.strarray, &options)
            guard code == 0 else { throw failure(code, "push to \(url.redacted) failed", session) }
        }
    }

    /// Runs `body` with an anonymous remote for `url` (connected for `direction`, or not connected for a push, which
    /// connects by itself) and the session's callbacks and headers.
    private func withRemote<T>(_ repository: OpaquePointer, direction: git_direction?,
                               _ body: (OpaquePointer, RemoteSession, git_remote_callbacks, CStringArray, git_remote_redirect_t) throws -> T) throws -> T
    {
        let session = RemoteSession(url: url, auth: auth, control: control)
        defer { withExtendedLifetime(session) {} }
        var remote: OpaquePointer?
        var createOptions = git_remote_create_options()
        git_remote_create_options_init(&createOptions, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION))
        createOptions.repository = repository
        createOptions.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC.rawValue
        var code = git_remote_create_with_opts(&remote, session.remoteURL, &createOptions)
        guard code == 0, let remote else { throw failure(code, "invalid remote \(url.redacted)", session) }
        defer { git_remote_free(remote) }
        let callbacks = session.callbacks()
        let headers = CStringArray(session.httpHeaders)
        // An Authorization header must not follow a redirect to another host.
        let redirects = headers.strarray.count > 0 ? GIT_REMOTE_REDIRECT_NONE : GIT_REMOTE_REDIRECT_INITIAL
        if let direction {
            var connectOptions = git_remote_connect_options()
            git_remote_connect_options_init(&connectOptions, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
            connectOptions.callbacks = callbacks
            connectOptions.custom_headers = headers.strarray
            connectOptions.follow_redirects = redirects
            code = git_remote_connect_ext(remote, direction, &connectOptions)
            guard code == 0 else { throw failure(code, "cannot connect to \(url.redacted)", session) }
        }
        defer { if direction != nil { git_remote_disconnect(remote) } }
        return try withExtendedLifetime(headers) { try body(remote, session, callbacks, headers, redirects) }
    }

    private func failure(_ code: Int32, _ doing: String, _ session: RemoteSession) -> GitError {
        var error = GitError.libgit2(code, doing, url: url, auth: auth, session: session)
        if control.isExpired && session.failure == nil { error = control.expiryError }
        return error
    }

    /// Writes a tree: `base` (or nothing) with `files` (path components → contents) laid over it; returns its id.
    private func write(_ files: [(path: [String], data: Data, keep: Bool)], over base: OpaquePointer?, in repository: OpaquePointer) throws -> git_oid {
        var builder: OpaquePointer?
        var code = git_treebuilder_new(&builder, repository, base)
        guard code == 0, let builder else { throw GitError.libgit2(code, "cannot build a tree", url: nil, auth: nil) }
        defer { git_treebuilder_free(builder) }
        var directories: [String: [(path: [String], data: Data, keep: Bool)]] = [:]
        for (components, data, keep) in files {
            if components.count == 1 {
                if keep, let base, git_tree_entry_byname(base, components[0]) != nil { continue }
                var blob = git_oid()
                code = data.withUnsafeBytes { git_blob_create_from_buffer(&blob, repository, $0.baseAddress, $0.count) }
                guard code == 0 else { throw GitError.libgit2(code, "cannot write \(components[0])", url: nil, auth: nil) }
                code = git_treebuilder_insert(nil, builder, components[0], &blob, GIT_FILEMODE_BLOB)
                guard code == 0 else { throw GitError.libgit2(code, "cannot add \(components[0]) to the tree", url: nil, auth: nil) }
            } else {
                directories[components[0], default: []].append((Array(components.dropFirst()), data, keep))
            }
        }
        for (name, entries) in directories {
            var subtree: OpaquePointer?
            if let base, let entry = git_tree_entry_byname(base, name), git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                code = git_tree_lookup(&subtree, repository, git_tree_entry_id(entry))
                guard code == 0 else { throw GitError.libgit2(code, "cannot read the directory \(name)", url: nil, auth: nil) }
            }
            defer { git_tree_free(subtree) }
            var id = try write(entries, over: subtree, in: repository)
            code = git_treebuilder_insert(nil, builder, name, &id, GIT_FILEMODE_TREE)
            guard code == 0 else { throw GitError.libgit2(code, "cannot add the directory \(name) to the tree", url: nil, auth: nil) }
        }
        var id = git_oid()
        code = git_treebuilder_write(&id, builder)
        guard code == 0 else { throw GitError.libgit2(code, "cannot write the tree", url: nil, auth: nil) }
        return id
    }
}
