/// Remote bases and resources: what a kustomization names by URL, fetched through the builder's
/// ``KustomizeRemoteLoader`` and mounted beside the local tree (``RemoteMounts``).
extension BuildSession {
    /// Whether `reference` is fetched rather than read from the tree: only with a loader (without one, ``resolve(_:in:field:)``
    /// refuses remote references as it always has).
    func isFetched(_ reference: String) -> Bool {
        guard remoteLoader != nil, !reference.contains("\u{0}") else { return false }
        return KustomizePath.isRemote(reference) || (try? KustomizeRemoteReference(parsing: reference)) != nil
    }

    /// The root-relative path of the directory (or, for `resources`, the file) that `reference` names: a remote
    /// reference fetched and mounted, anything else resolved as ``resolve(_:in:field:)`` resolves it.
    ///
    /// In kustomize's order: an `http(s)` URL in `resources` is first read as a file, and taken as one when the
    /// server answers with a success and the body is YAML; otherwise the reference is a Git repository.
    mutating func resolveBase(_ reference: String, in kustomization: Kustomization, field: String) throws(KustomizeError) -> String {
        guard isFetched(reference), let loader = remoteLoader, let mounts else {
            return try resolve(reference, in: kustomization, field: field)
        }
        let repository: Result<KustomizeRemoteReference, KustomizeError>
        do { repository = .success(try KustomizeRemoteReference(parsing: reference)) } catch { repository = .failure(error) }
        var fileError: KustomizeError?
        if field == "resources", KustomizeRemoteReference.isFileURL(reference) {
            let originPath = originPath(of: kustomization.directory)
            let key = "file\n\(reference)\n\(originPath)"
            if let root = mounts.path(forKey: key) { return root + "/" + Self.remoteFileName }
            try checkRemoteRootLimit(reference, kustomization: kustomization)
            let limit = min(limits.maxFileSize, max(0, limits.maxTotalBytes - bytesRead))
            let answer: KustomizeRemoteFile
            do { answer = try loader.fetchFile(url: reference, limit: limit) } catch {
                // Unreachable or too slow as a file: kustomize then tries it as a repository, and reports both.
                guard case .success = repository else { throw error }
                fileError = error
                answer = .status(0)
            }
            switch answer {
            case .content(let bytes):
                do throws(KustomizeError) {
                    guard let text = String(validating: bytes, as: UTF8.self) else { throw KustomizeError("file is not valid UTF-8", file: reference) }
                    _ = try parseDocuments(text, source: reference)
                    var fileSystem = InMemoryFileSystem()
                    fileSystem.write(Self.remoteFileName, bytes: bytes)
                    let (repo, path) = Self.kustomizeFileOrigin(reference, within: originPath)
                    let root = mounts.mount(.init(fileSystem: fileSystem, display: reference, ref: nil, originRepo: repo,
                                                  originPrefix: path, isFile: true, key: key))
                    return root + "/" + Self.remoteFileName
                } catch {
                    guard case .success = repository else { throw error }
                    fileError = error
                }
            case .status(let code):
                guard case .success = repository else {
                    throw KustomizeError("accumulating resources from '\(reference)': HTTP Error: status code \(code) (\(Self.statusText(code)))",
                                         file: kustomization.file)
                }
            }
        }
        let remote: KustomizeRemoteReference
        switch repository {
        case .success(let parsed): remote = parsed
        case .failure(let error):
            throw KustomizeError("\(field): remote resource '\(reference)' is not a Git repository kustomize accepts: \(error.message)", file: kustomization.file)
        }
        let key = "repository\n\(remote.cloneURL)\n\(remote.ref ?? "")\n\(remote.submodules)\n\(remote.path.isEmpty)"
        let root: String
        if let mounted = mounts.path(forKey: key) {
            root = mounted
        } else {
            try checkRemoteRootLimit(reference, kustomization: kustomization)
            let fileSystem: any KustomizeFileSystem
            do { fileSystem = try loader.fetchRepository(remote) } catch {
                // kustomize reports both failures when the URL was neither a file nor a repository.
                throw fileError.map { error.wrapped("accumulation err='\($0)'") } ?? error
            }
            root = mounts.mount(.init(fileSystem: fileSystem, display: remote.cloneURL, ref: remote.ref, originRepo: remote.cloneURL,
                                      originPrefix: remote.path.isEmpty ? "notCloned" : "", isFile: false, key: key))
        }
        guard let inner = KustomizePath.normalise(remote.path) else {
            throw KustomizeError("\(field): '\(reference)': url path exits repo", file: kustomization.file)
        }
        let path = inner.isEmpty ? root : root + "/" + inner
        switch try mounts.entry(at: path) {
        case .directory?: return path
        case .file?: throw KustomizeError("\(field): '\(reference)' refers to file '\(inner)' of \(remote.cloneURL); expecting directory", file: kustomization.file)
        case nil: throw KustomizeError("\(field): '\(reference)': no directory '\(inner)' in \(remote.cloneURL)", file: kustomization.file)
        }
    }

    /// Go's `http.StatusText` for the statuses a file server answers with (empty for others, as Go's is).
    static func statusText(_ code: Int) -> String {
        [400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 410: "Gone",
         429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
         504: "Gateway Timeout"][code] ?? ""
    }

    /// What a fetched file is called inside its mount.
    static let remoteFileName = "resource"

    /// Refuses one more remote root than ``KustomizeBuilder/Limits/maxRemoteRoots``.
    func checkRemoteRootLimit(_ reference: String, kustomization: Kustomization) throws(KustomizeError) {
        guard let mounts, mounts.count < limits.maxRemoteRoots else {
            throw KustomizeError("resources: '\(reference)': the build fetches more than the limit of \(limits.maxRemoteRoots) remote roots", file: kustomization.file)
        }
    }

    /// Refuses a resolved `path` that leaves the remote root the referring kustomization lives in (kustomize: bases in
    /// cloned repositories must be within the repository), and references holding a NUL byte (the mounts' marker).
    func checkContainment(_ path: String, reference: String, in kustomization: Kustomization, field: String) throws(KustomizeError) {
        if reference.contains("\u{0}") {
            throw KustomizeError("\(field): '\(reference.replacingAll("\u{0}", with: "\\0"))' holds a NUL byte", file: kustomization.file)
        }
        guard let mounts, let (_, root, _) = mounts.mount(holding: kustomization.directory), !KustomizePath.isWithin(path, root) else { return }
        throw KustomizeError("\(field): security; bases in kustomizations found in cloned git repos must be within the repo, but '\(reference)' is outside it",
                             file: kustomization.file)
    }

    /// Whether `path` is a fetched `http(s)` file (which lies outside every kustomization's directory).
    func isFetchedFile(_ path: String) -> Bool {
        mounts?.mount(holding: path)?.mount.isFile ?? false
    }

    /// The origin's `path:` for a directory or file: relative to the top for local paths, to the repository's root for
    /// remote ones (``RemoteMounts/Mount/originPrefix`` in front).
    func originPath(of path: String) -> String {
        guard let (mount, _, inner) = mounts?.mount(holding: path) else { return relativeToTop(path) }
        if mount.isFile { return mount.originPrefix }
        return [mount.originPrefix, inner].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// The origin annotation's `repo:` and `ref:` lines for a path, empty for a local one.
    func originRepositoryLines(of path: String) -> String {
        guard let (mount, _, _) = mounts?.mount(holding: path), let repo = mount.originRepo else { return "" }
        return "repo: \(repo)\n" + (mount.ref.map { "ref: \($0)\n" } ?? "")
    }

    /// The origin annotation of a resource read from `path`.
    func originAnnotation(ofFile path: String) -> String {
        "path: \(originPath(of: path))\n" + originRepositoryLines(of: path)
    }

    /// What kustomize's origin code writes for a resource fetched from `url` by a kustomization whose origin path is
    /// `within`: it parses the URL as a repository, and when that works keeps the URL as `repo:` and `notCloned` as
    /// the path; otherwise the URL joined to the path as Go's `filepath.Join` joins it.
    static func kustomizeFileOrigin(_ url: String, within: String) -> (repo: String?, path: String) {
        if let remote = try? KustomizeRemoteReference(parsing: url) { return (remote.cloneURL, "notCloned") }
        var parts: [Substring] = []
        for part in "\(within)/\(url)".split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." { parts.removeLast() } else { parts.append(part) }
        }
        return (nil, parts.joined(separator: "/"))
    }
}
