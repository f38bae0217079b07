import Foundation
import Logging
import SluiceGit
import SluiceTestSupport

/// One test's fixture repository, cache directory and client; `cleanUp()` removes everything.
final class GitWorkspace: Sendable {
    let fixture: GitFixture
    let cache: URL
    let client: LibGit2Client

    init(name: String = "repo") async throws {
        fixture = try await GitFixture(name: name)
        cache = fixture.root.appendingPathComponent("cache")
        var logger = Logger(label: "sluice-git-test")
        logger.logLevel = .warning
        client = LibGit2Client(cacheDirectory: cache, logger: logger)
    }

    /// A fresh directory under the workspace for a checkout.
    func scratch(_ name: String = UUID().uuidString) -> URL {
        fixture.root.appendingPathComponent("scratch").appendingPathComponent(name)
    }

    /// The cache directories and lock files present.
    var cacheEntries: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cache.path)) ?? []).sorted()
    }

    func cleanUp() { fixture.cleanUp() }
}

/// Runs `body` and returns the `GitError` it throws (nil when it throws none, or something else).
func gitError(_ body: () async throws -> some Any) async -> GitError? {
    do {
        _ = try await body()
        return nil
    } catch let error as GitError {
        return error
    } catch {
        return GitError(.other, "unexpected error type: \(error)")
    }
}
