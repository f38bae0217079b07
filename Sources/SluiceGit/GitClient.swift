import Foundation

/// Fetches Git repositories into a persistent cache and checks out trees from it.
///
/// One implementation talks to real servers through libgit2 (`LibGit2Client`); the reconciler only sees this protocol.
public protocol GitClient: Sendable {
    /// Fetches what `reference` needs from `url` into the persistent bare cache for that URL and resolves it.
    ///
    /// Incremental: only objects the cache lacks cross the wire, and a fetch where nothing changed upstream is one
    /// negotiation without a pack.
    /// - Throws: `GitError`; `.timeout` once `timeout` has passed, even when the network is stuck.
    func fetch(url: String, reference: GitReference, auth: GitAuth, timeout: Duration) async throws -> FetchedRevision

    /// Writes the tree of `commit` (already fetched) into `directory`, working files only — no `.git`.
    ///
    /// `directory` is created when missing and must be empty; executable bits and symbolic links are written as Git
    /// stores them.
    /// - Throws: `GitError`.
    func checkout(url: String, commit: String, into directory: URL) async throws

    /// Deletes the cache of `url` (when its GitRepository is deleted).
    /// - Throws: `GitError`.
    func removeCache(url: String) async throws
}
