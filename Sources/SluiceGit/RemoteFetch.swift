import CLibGit2

/// One fetch into a cache repository over one connection: connect, list the advertised references, plan, download
/// only what the plan needs, update the cache's references, resolve the commit.
///
/// Runs on the operation's thread with the cache locked. When the cache already has everything, libgit2 asks for
/// no pack: the fetch costs one reference advertisement.
struct RemoteFetch {
    let repository: CacheRepository
    let url: GitURL
    let auth: GitAuth
    let reference: GitReference
    let control: OperationControl

    func run() throws(GitError) -> FetchedRevision {
        let session = RemoteSession(url: url, auth: auth, control: control)
        defer { withExtendedLifetime(session) {} }
        func failure(_ code: Int32, _ doing: String) -> GitError {
            var error = GitError.libgit2(code, doing, url: url, auth: auth, session: session)
            if control.isExpired && session.failure == nil { error = control.expiryError }
            return error
        }

        var remote: OpaquePointer?
        var createOptions = git_remote_create_options()
        git_remote_create_options_init(&createOptions, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION))
        createOptions.repository = repository.pointer
        // Anonymous, and deaf to insteadOf rewrites in the user's Git configuration.
        createOptions.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC.rawValue
        var code = git_remote_create_with_opts(&remote, session.remoteURL, &createOptions)
        guard code == 0, let remote else { throw failure(code, "invalid remote \(url.redacted)") }
        defer { git_remote_free(remote) }

        var callbacks = session.callbacks()
        let headers = CStringArray(session.httpHeaders)
        var connectOptions = git_remote_connect_options()
        git_remote_connect_options_init(&connectOptions, UInt32(GIT_REMOTE_CONNECT_OPTIONS_VERSION))
        connectOptions.callbacks = callbacks
        connectOptions.custom_headers = headers.strarray
        // An Authorization header must not follow a redirect to another host.
        connectOptions.follow_redirects = headers.strarray.count > 0 ? GIT_REMOTE_REDIRECT_NONE : GIT_REMOTE_REDIRECT_INITIAL
        code = git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &connectOptions)
        guard code == 0 else { throw failure(code, "cannot connect to \(url.redacted)") }
        defer { git_remote_disconnect(remote) }

        let advertised = try advertisedReferences(remote, failure: failure)
        let plan = try FetchPlan.make(for: reference, advertised: advertised)

        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.callbacks = callbacks
        options.follow_redirects = connectOptions.follow_redirects
        options.prune = GIT_FETCH_NO_PRUNE
        options.update_fetchhead = 0
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.custom_headers = headers.strarray
        let refspecs = CStringArray(plan.refspecs)
        code = git_remote_download(remote, &refspecs.strarray, &options)
        guard code == 0 else { throw failure(code, "fetch from \(url.redacted) failed") }
        let stats = git_remote_stats(remote).pointee
        code = git_remote_update_tips(remote, &callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "sluice: fetch")
        guard code == 0 else { throw failure(code, "cannot update the cache's references for \(url.redacted)") }

        let commit = try resolve(plan.target)
        return FetchedRevision(
            commit: try repository.commitMetadata(commit), reference: plan.referenceName,
            transfer: GitTransferStatistics(receivedObjects: Int(stats.received_objects), receivedBytes: Int(stats.received_bytes),
                                            totalObjects: Int(stats.total_objects)))
    }

    /// The server's advertisement: reference name → hex object id.
    private func advertisedReferences(_ remote: OpaquePointer, failure: (Int32, String) -> GitError) throws(GitError) -> [String: String] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        let code = git_remote_ls(&heads, &count, remote)
        guard code == 0 else { throw failure(code, "cannot list the references of \(url.redacted)") }
        var advertised: [String: String] = [:]
        for index in 0..<count {
            guard let head = heads?[index], let name = head.pointee.name else { continue }
            advertised[String(cString: name)] = LibGit2.hex(head.pointee.oid)
        }
        return advertised
    }

    private func resolve(_ target: FetchPlan.Target) throws(GitError) -> git_oid {
        switch target {
        case .object(let hex):
            guard let oid = Self.oid(hex), let commit = try repository.peelToCommit(oid) else {
                throw GitError(.other, "object \(hex) is missing from the cache after the fetch")
            }
            return commit
        case .commit(let sha, let tipHex):
            guard let commit = repository.commit(matching: sha) else {
                let branch = reference.branchName.map { " on branch '\($0)'" } ?? ""
                throw GitError(.referenceNotFound, "commit '\(sha)' not found\(branch)")
            }
            if let tipHex {
                guard let tip = Self.oid(tipHex).flatMap({ try? repository.peelToCommit($0) }), repository.isReachable(commit, from: tip) else {
                    throw GitError(.referenceNotFound, "commit '\(sha)' not found on branch '\(reference.branchName ?? "")'")
                }
            }
            return commit
        }
    }

    private static func oid(_ hex: String) -> git_oid? {
        var oid = git_oid()
        return git_oid_fromstr(&oid, hex) == 0 ? oid : nil
    }
}
