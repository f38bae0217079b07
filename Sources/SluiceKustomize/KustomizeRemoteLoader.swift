/// Fetches what a kustomization names remotely, for ``KustomizeBuilder/remoteLoader``.
///
/// The engine stays pure: it parses the reference, decides what to ask for in kustomize's order (an `http(s)` URL
/// first as a file, then as a Git repository) and builds what comes back under its own limits; the loader does the
/// network. Calls are synchronous and made on the thread running the build, so a loader that blocks must only be
/// used by builds that do not run on Swift's cooperative pool.
public protocol KustomizeRemoteLoader: Sendable {
    /// The body of an `http://` or `https://` URL of at most `limit` bytes, or the status the server answered
    /// with when it was not a success.
    ///
    /// - Throws: ``KustomizeError`` naming the URL: unreachable, too large, too slow.
    func fetchFile(url: String, limit: Int) throws(KustomizeError) -> KustomizeRemoteFile

    /// The tree of a Git repository at `reference.ref`, as a file system rooted at the repository's root (the
    /// engine reads `reference.path` inside it). The file system must refuse links that leave it.
    ///
    /// - Throws: ``KustomizeError`` naming the repository: unreachable, unknown ref, too large, too slow.
    func fetchRepository(_ reference: KustomizeRemoteReference) throws(KustomizeError) -> any KustomizeFileSystem
}
