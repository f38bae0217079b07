import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// `spec.ref.semver`: the highest tag satisfying a Masterminds constraint, over git daemon.
@Suite("SluiceGit semver references")
struct SemverFetchTests {
    @Test func highestTagSatisfyingTheConstraint() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        var shas: [String: String] = [:]
        // Annotated and lightweight tags, with and without "v", a prerelease and tags that are no versions.
        for (index, tag) in ["v0.9.0", "v1.0.0", "v1.2.0", "v1.2.5", "1.3.0", "v1.4.0-rc.1", "v2.0.0", "latest", "release-3"].enumerated() {
            shas[tag] = try await fixture.commit(["version.txt": .file("\(tag)\n")], message: "release \(tag)")
            try await fixture.tag(tag, message: index % 2 == 0 ? "annotated \(tag)" : nil)
        }
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)

        let expectations: [(String, String)] = [
            (">=1.0.0 <2.0.0", "1.3.0"),
            ("~1.2", "v1.2.5"),
            ("^1.2", "1.3.0"),
            ("1.x", "1.3.0"),
            ("*", "v2.0.0"),
            ("<1.0.0", "v0.9.0"),
            // Masterminds: a prerelease only satisfies comparisons that name a prerelease themselves.
            ("~1.4.0-rc.0", "v1.4.0-rc.1"),
        ]
        for (constraint, tag) in expectations {
            let fetched = try await workspace.client.fetch(url: url, reference: .semver(constraint), auth: GitAuth(), timeout: .seconds(30))
            let sha = try #require(shas[tag])
            #expect(fetched.reference == tag, "\(constraint)")
            #expect(fetched.revision == "\(tag)@sha1:\(sha)", "\(constraint)")
            #expect(fetched.commit.subject == "release \(tag)", "\(constraint)")
        }

        let none = await gitError {
            try await workspace.client.fetch(url: url, reference: .semver(">=3.0.0"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(none?.kind == .referenceNotFound)
        #expect(none?.message == "no tag satisfies semver constraint '>=3.0.0'")

        let invalid = await gitError {
            try await workspace.client.fetch(url: url, reference: .semver("not a constraint"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(invalid?.kind == .other)
        #expect(invalid?.message.hasPrefix("invalid semver constraint 'not a constraint'") == true)
    }
}
