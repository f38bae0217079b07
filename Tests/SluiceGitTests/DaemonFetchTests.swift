import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// Fetching over git:// from a real `git daemon`: every kind of reference, revisions, metadata, incremental
/// fetches, checkout, the cache.
@Suite("SluiceGit over git daemon")
struct DaemonFetchTests {
    @Test func branchTagAndNameResolveWithFluxRevisions() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        let first = try await fixture.commit(["README.md": .file("hello\n")], message: "first")
        try await fixture.tag("v0.1.0")
        let second = try await fixture.commit(["README.md": .file("hello again\n")], message: "second")
        try await fixture.tag("v0.2.0", message: "annotated release")
        try await fixture.checkout(branch: "feature/x")
        let feature = try await fixture.commit(["feature.txt": .file("x\n")], message: "feature")
        try await fixture.push()
        try await fixture.push(feature, to: "refs/pull/1/head")
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        let client = workspace.client

        let main = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(main.commit.sha == second)
        #expect(main.reference == "main")
        #expect(main.revision == "main@sha1:\(second)")

        let branch = try await client.fetch(url: url, reference: .branch("feature/x"), auth: GitAuth(), timeout: .seconds(30))
        #expect(branch.revision == "feature/x@sha1:\(feature)")

        let lightweight = try await client.fetch(url: url, reference: .tag("v0.1.0"), auth: GitAuth(), timeout: .seconds(30))
        #expect(lightweight.revision == "v0.1.0@sha1:\(first)")

        // An annotated tag peels to its commit.
        let annotated = try await client.fetch(url: url, reference: .tag("v0.2.0"), auth: GitAuth(), timeout: .seconds(30))
        #expect(annotated.commit.sha == second)
        #expect(annotated.revision == "v0.2.0@sha1:\(second)")

        let heads = try await client.fetch(url: url, reference: .name("refs/heads/main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(heads.revision == "refs/heads/main@sha1:\(second)")
        #expect(heads.reference == "refs/heads/main")

        let pull = try await client.fetch(url: url, reference: .name("refs/pull/1/head"), auth: GitAuth(), timeout: .seconds(30))
        #expect(pull.revision == "refs/pull/1/head@sha1:\(feature)")

        let tagName = try await client.fetch(url: url, reference: .name("refs/tags/v0.2.0"), auth: GitAuth(), timeout: .seconds(30))
        #expect(tagName.revision == "refs/tags/v0.2.0@sha1:\(second)")
    }

    @Test func commitWithAndWithoutBranch() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        let first = try await fixture.commit(["a.txt": .file("a\n")], message: "first")
        let second = try await fixture.commit(["a.txt": .file("b\n")], message: "second")
        try await fixture.checkout(branch: "other")
        let other = try await fixture.commit(["o.txt": .file("o\n")], message: "other")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        let client = workspace.client

        let bare = try await client.fetch(url: url, reference: .commit(first, branch: nil), auth: GitAuth(), timeout: .seconds(30))
        #expect(bare.commit.sha == first)
        #expect(bare.reference == nil)
        #expect(bare.revision == "sha1:\(first)")

        let onBranch = try await client.fetch(url: url, reference: .commit(first, branch: "main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(onBranch.revision == "main@sha1:\(first)")
        #expect(onBranch.reference == "main")

        // A unique prefix resolves to the full sha.
        let prefix = try await client.fetch(url: url, reference: .commit(String(second.prefix(12)), branch: nil), auth: GitAuth(), timeout: .seconds(30))
        #expect(prefix.revision == "sha1:\(second)")

        // A commit only on another branch is not found through main.
        let error = await gitError {
            try await client.fetch(url: url, reference: .commit(other, branch: "main"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(error?.kind == .referenceNotFound)
        #expect(error?.message.contains(other) == true)
    }

    @Test func unknownReferencesAreNamed() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        try await fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        let cases: [(GitReference, String)] = [
            (.branch("nope"), "branch 'nope' not found"),
            (.tag("v9.9.9"), "tag 'v9.9.9' not found"),
            (.name("refs/heads/nope"), "reference 'refs/heads/nope' not found"),
            (.commit("0123456789abcdef0123456789abcdef01234567", branch: nil), "commit '0123456789abcdef0123456789abcdef01234567' not found"),
            (.commit("0123456789abcdef0123456789abcdef01234567", branch: "main"), "commit '0123456789abcdef0123456789abcdef01234567' not found on branch 'main'"),
            (.commit("0123456789abcdef0123456789abcdef01234567", branch: "gone"), "branch 'gone' not found"),
        ]
        for (reference, message) in cases {
            let error = await gitError {
                try await workspace.client.fetch(url: url, reference: reference, auth: GitAuth(), timeout: .seconds(30))
            }
            #expect(error?.kind == .referenceNotFound, "\(reference)")
            #expect(error?.message == message, "\(reference)")
        }
        // Asking for a missing repository on a reachable server is not a reference problem.
        let missing = await gitError {
            try await workspace.client.fetch(url: daemon.url("missing.git"), reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(missing != nil)
        #expect(missing?.kind != .referenceNotFound)
    }

    @Test func commitMetadataAndSignature() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let message = "Add the manifests\n\nThey describe the app.\nSigned-off-by: A <a@example.com>\n"
        let sha = try await fixture.commit(["app.yaml": .file("kind: ConfigMap\n")], message: message,
                                     author: ("Ada Author", "ada@example.com"), date: when)
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let fetched = try await workspace.client.fetch(url: daemon.url(fixture.repositoryName), reference: .branch("main"),
                                                       auth: GitAuth(), timeout: .seconds(30))
        #expect(fetched.commit.sha == sha)
        #expect(fetched.commit.author == GitSignature(name: "Ada Author", email: "ada@example.com", when: when))
        #expect(fetched.commit.committer.name == "Sluice Test")
        #expect(fetched.commit.committer.when == when)
        #expect(fetched.commit.message == message)
        #expect(fetched.commit.subject == "Add the manifests")
        #expect(fetched.commit.signature == nil)

        // A commit signed with an SSH key (gpg.format=ssh) carries its signature block.
        let key = try await SSHKeyPair.generate(type: "ed25519", name: "signing", in: fixture.root.appendingPathComponent("keys"))
        let signed = try await fixture.commit(["app.yaml": .file("kind: Secret\n")], message: "signed", signingKey: key.privateKeyFile)
        try await fixture.push()
        let signedFetch = try await workspace.client.fetch(url: daemon.url(fixture.repositoryName), reference: .branch("main"),
                                                           auth: GitAuth(), timeout: .seconds(30))
        #expect(signedFetch.commit.sha == signed)
        let block = try #require(signedFetch.commit.signature)
        #expect(block.hasPrefix("-----BEGIN SSH SIGNATURE-----"))
        #expect(block.contains("-----END SSH SIGNATURE-----"))
    }

    @Test func secondFetchTransfersNothingThenOnlyWhatIsNew() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        var files: [String: GitFixture.Content] = [:]
        for index in 0..<50 { files["dir/file\(index).txt"] = .file(String(repeating: "line \(index)\n", count: 50)) }
        try await fixture.commit(files, message: "many files")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        let client = workspace.client

        let first = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(first.transfer.receivedObjects > 50)
        #expect(first.transfer.receivedBytes > 0)

        let again = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(again.revision == first.revision)
        #expect(again.transfer == GitTransferStatistics())

        let next = try await fixture.commit(["dir/file0.txt": .file("changed\n")], message: "one change")
        try await fixture.push()
        let third = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(third.commit.sha == next)
        // The new commit, its root tree, one subtree and one blob.
        #expect(third.transfer.receivedObjects == 4)
        #expect(third.transfer.receivedBytes < first.transfer.receivedBytes)
    }

    @Test func checkoutWritesFilesModesAndLinksWithoutGitDirectory() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        let sha = try await fixture.commit([
            "README.md": .file("# readme\n"),
            "bin/run.sh": .executable("#!/bin/sh\necho hi\n"),
            "deploy/app.yaml": .file("kind: Deployment\n"),
            "link-to-app": .symlink("deploy/app.yaml"),
            "outside": .symlink("../../etc/passwd"),
        ], message: "tree")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        _ = try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))

        let directory = workspace.scratch("checkout")
        try await workspace.client.checkout(url: url, commit: sha, into: directory)
        let manager = FileManager.default
        #expect(try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8) == "# readme\n")
        #expect(try String(contentsOf: directory.appendingPathComponent("deploy/app.yaml"), encoding: .utf8) == "kind: Deployment\n")
        let script = try manager.attributesOfItem(atPath: directory.appendingPathComponent("bin/run.sh").path)
        #expect((script[.posixPermissions] as? Int) == 0o755)
        let readme = try manager.attributesOfItem(atPath: directory.appendingPathComponent("README.md").path)
        #expect((readme[.posixPermissions] as? Int) == 0o644)
        #expect(try manager.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("link-to-app").path) == "deploy/app.yaml")
        // Links are written as stored; whether they point outside is the packager's business.
        #expect(try manager.destinationOfSymbolicLink(atPath: directory.appendingPathComponent("outside").path) == "../../etc/passwd")
        #expect(!manager.fileExists(atPath: directory.appendingPathComponent(".git").path))
        #expect(try manager.contentsOfDirectory(atPath: directory.path).sorted() == ["README.md", "bin", "deploy", "link-to-app", "outside"])

        // A directory that is not empty is refused; a commit the cache lacks is not found.
        let refused = await gitError { try await workspace.client.checkout(url: url, commit: sha, into: directory) }
        #expect(refused?.message.contains("not empty") == true)
        let missing = await gitError {
            try await workspace.client.checkout(url: url, commit: "0123456789abcdef0123456789abcdef01234567", into: workspace.scratch())
        }
        #expect(missing?.kind == .referenceNotFound)
    }

    @Test func concurrentFetchesOfOneURLAndRemoveCache() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let fixture = workspace.fixture
        let sha = try await fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await fixture.tag("v1.0.0")
        try await fixture.push()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        let url = daemon.url(fixture.repositoryName)
        let client = workspace.client

        let revisions = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let reference: GitReference = index % 2 == 0 ? .branch("main") : .tag("v1.0.0")
                    return try await client.fetch(url: url, reference: reference, auth: GitAuth(), timeout: .seconds(60)).revision
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(revisions) == ["main@sha1:\(sha)", "v1.0.0@sha1:\(sha)"])
        #expect(revisions.count == 6)
        let key = workspace.cacheEntries.first { !$0.hasSuffix(".lock") }
        #expect(workspace.cacheEntries.count == 2)
        #expect(key?.count == 64)

        try await client.removeCache(url: url)
        #expect(workspace.cacheEntries.isEmpty)
        // Removing again is fine, and a fetch afterwards starts over.
        try await client.removeCache(url: url)
        let again = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        #expect(again.transfer.receivedObjects > 0)
    }

    @Test func fileURLsNeedNoServer() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let fetched = try await workspace.client.fetch(url: workspace.fixture.fileURL, reference: .branch("main"),
                                                       auth: GitAuth(), timeout: .seconds(30))
        #expect(fetched.revision == "main@sha1:\(sha)")
        let directory = workspace.scratch()
        try await workspace.client.checkout(url: workspace.fixture.fileURL, commit: sha, into: directory)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("a.txt").path))
    }
}
