import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// What cannot work: bad URLs, closed ports, servers that never answer.
@Suite("SluiceGit failures")
struct FailureTests {
    @Test func malformedAndUnsupportedURLsFailBeforeAnyNetwork() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let cases: [(String, GitError.Kind)] = [
            ("", .invalidURL),
            ("not a url", .invalidURL),
            ("https://", .invalidURL),
            ("https://host:99999/repo.git", .invalidURL),
            ("/srv/git/repo.git", .invalidURL),
            ("ftp://example.com/repo.git", .unsupportedScheme),
            ("s3://bucket/repo", .unsupportedScheme),
        ]
        for (url, kind) in cases {
            let error = await gitError {
                try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(5))
            }
            #expect(error?.kind == kind, "\(url)")
        }
        #expect(workspace.cacheEntries.isEmpty)
    }

    @Test func aClosedPortIsANetworkError() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let port = try LoopbackPort.free()
        for url in ["http://127.0.0.1:\(port)/repo.git", "git://127.0.0.1:\(port)/repo.git"] {
            let error = await gitError {
                try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(10))
            }
            #expect(error?.kind == .network, "\(url): \(error?.message ?? "")")
            #expect(error?.libgit2Class != nil)
        }
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let silent = try SilentTCPServer()
        let url = "http://127.0.0.1:\(silent.port)/repo.git"
        let started = ContinuousClock.now
        let error = await gitError {
            try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(1))
        }
        let elapsed = ContinuousClock.now - started
        #expect(error?.kind == .timeout)
        #expect(error?.message == "fetch of \(url) timed out after 1s")
        #expect(elapsed < .seconds(45), "returned at its deadline, not when the silent server gave up (it never does)")

        // The abandoned operation still holds the URL: the next fetch waits for it, then times out too.
        let second = await gitError {
            try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .milliseconds(300))
        }
        #expect(second?.kind == .timeout)

        // Closing the server ends the stuck operation and frees the URL.
        silent.stop()
        var last: GitError?
        await #expect(throws: Never.self, "the last fetch failed with \(String(describing: last))") {
            try await eventually(timeout: .seconds(30)) {
                last = await gitError {
                    try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(2))
                }
                return last?.kind == .network
            }
        }
    }

    @Test func passwordsNeverAppearInErrors() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let port = try LoopbackPort.free()
        let password = "hunter2-very-secret"
        let url = "http://flux:\(password)@127.0.0.1:\(port)/repo.git"
        let error = await gitError {
            try await workspace.client.fetch(url: url, reference: .branch("main"),
                                             auth: GitAuth(username: "flux", password: password, bearerToken: "bearer-secret"), timeout: .seconds(10))
        }
        let message = try #require(error?.message)
        #expect(!message.contains(password))
        #expect(!message.contains("bearer-secret"))
        #expect(error.map { "\($0)" }?.contains(password) == false)
        let parsed = try GitURL(url)
        #expect(parsed.redacted == "http://flux@127.0.0.1:\(port)/repo.git")
    }
}
