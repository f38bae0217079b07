import Foundation
import SluiceGit
import Synchronization

/// A real Git client that counts the fetches and checkouts passing through it.
final class CountingGitClient: GitClient {
    private let base: any GitClient
    private let counts = Mutex((fetches: 0, checkouts: 0))

    init(_ base: any GitClient) { self.base = base }

    var fetches: Int { counts.withLock { $0.fetches } }
    var checkouts: Int { counts.withLock { $0.checkouts } }

    func fetch(url: String, reference: GitReference, auth: GitAuth, timeout: Duration) async throws -> FetchedRevision {
        counts.withLock { $0.fetches += 1 }
        return try await base.fetch(url: url, reference: reference, auth: auth, timeout: timeout)
    }

    func checkout(url: String, commit: String, into directory: URL) async throws {
        counts.withLock { $0.checkouts += 1 }
        try await base.checkout(url: url, commit: commit, into: directory)
    }

    func removeCache(url: String) async throws { try await base.removeCache(url: url) }
}
