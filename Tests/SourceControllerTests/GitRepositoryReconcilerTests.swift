import Foundation
import SluiceAPI
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// The GitRepository reconciler against real parts: `sluice cluster serve`, the real `git` and `git daemon`, libgit2, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct GitRepositoryReconcilerTests {
    @Test func everyReferenceKindGivesFluxRevisionsAndArtifacts() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        let first = try await fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n"), "README.md": .file("# app\n")], message: "First commit\n\nWith a body.")
        try await fixture.tag("v1.0.0", message: "release 1.0.0")
        try await fixture.tag("v1.2.0")
        let second = try await fixture.commit(["deploy/app.yaml": .file("kind: Secret\n")], message: "Second commit")
        try await fixture.tag("v2.0.0-rc.1")
        try await fixture.push()
        try await fixture.push(first, to: "refs/pull/1/head")
        let url = daemon.url(fixture.repositoryName)
        let controller = bed.controller()

        let cases: [(name: String, ref: String, revision: String, sha: String)] = [
            ("branch", "branch: main", "main@sha1:\(second)", second),
            ("tag", "tag: v1.0.0", "v1.0.0@sha1:\(first)", first),
            ("semver", "semver: \">=1.0.0 <2.0.0\"", "v1.2.0@sha1:\(first)", first),
            ("name", "name: refs/pull/1/head", "refs/pull/1/head@sha1:\(first)", first),
            ("commit", "commit: \(first)", "sha1:\(first)", first),
        ]
        for item in cases {
            try await bed.applyGitRepository(item.name, url: url, ref: item.ref)
            let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: item.name))
            #expect(outcome.isReady, "\(item.name): \(outcome.report)")
            let repository = try await bed.repository(item.name)
            let artifact = try #require(repository.status?.artifact)
            #expect(artifact.revision == item.revision)
            #expect(artifact.path == "gitrepository/default/\(item.name)/\(item.sha).tar.gz")
            #expect(artifact.url == "http://127.0.0.1:9090/\(artifact.path)")
            #expect(artifact.digest?.hasPrefix("sha256:") == true)
            let ready = try #require(repository.conditions.first { $0.type == ConditionType.ready })
            #expect(ready.message == "stored artifact for revision '\(item.revision)'")
            #expect(repository.conditions.contains { $0.type == ConditionType.artifactInStorage && $0.status == .true })
            await #expect(try bed.artifactFiles(repository).contains("deploy/app.yaml"))
        }
        let main = try await bed.repository("branch")
        await #expect(try bed.artifactFile(main, "deploy/app.yaml") == "kind: Secret\n")
        let events = try bed.events(for: "tag")
        #expect(events.map(\.message) == ["stored artifact for commit 'First commit'"])
        #expect(events.first?.reason == "NewArtifact")
        #expect(events.first?.metadata?["source.toolkit.fluxcd.io/revision"] == "v1.0.0@sha1:\(first)")
    }

    @Test func anUnchangedUpstreamDoesNoCheckoutAndANewCommitGivesANewArtifact() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        try await fixture.commit(["a.yaml": .file("a: 1\n")], message: "one")
        try await fixture.push()
        let git = CountingGitClient(LibGit2Client(cacheDirectory: bed.cacheDirectory, logger: bed.logger))
        let controller = bed.controller(git: git)
        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName))
        let key = ObjectKey(namespace: "default", name: "app")
        #expect(await controller.reconcile(key).isReady)
        let before = try await bed.repository("app")
        #expect(git.checkouts == 1)

        #expect(await controller.reconcile(key).isReady)
        let after = try await bed.repository("app")
        #expect(git.fetches == 2)
        #expect(git.checkouts == 1, "no checkout when upstream has not moved")
        #expect(after.status?.artifact == before.status?.artifact)
        #expect(after.metadata.resourceVersion == before.metadata.resourceVersion, "no status patch when nothing changed")
        #expect(try bed.events(for: "app").count == 1)

        let next = try await fixture.commit(["a.yaml": .file("a: 2\n")], message: "two")
        try await fixture.push()
        #expect(await controller.reconcile(key).isReady)
        let moved = try await bed.repository("app")
        #expect(moved.status?.artifact?.revision == "main@sha1:\(next)")
        #expect(git.checkouts == 2)
        await #expect(try bed.artifactFile(moved, "a.yaml") == "a: 2\n")
        #expect(try bed.store.artifacts(kind: "GitRepository", namespace: "default", name: "app").count == 2)
    }

    @Test func ignoreRulesSourceIgnoreFilesAndSpecIgnoreShapeTheArtifact() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let plain = try await bed.gitFixture(name: "plain")
        let tree: [String: GitFixture.Content] = [
            "deploy/app.yaml": .file("a: 1\n"),
            "deploy/logo.png": .file("png"),
            ".github/workflows/ci.yaml": .file("on: push\n"),
            ".gitignore": .file("*.log\n"),
            "run.sh": .executable("#!/bin/sh\n"),
        ]
        try await plain.commit(tree, message: "tree")
        try await plain.push()
        let controller = bed.controller()
        // No ignore rules of the user's: Flux's defaults leave out VCS files, CI folders and images.
        try await bed.applyGitRepository("plain", url: plain.fileURL)
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "plain")).isReady)
        let plainFiles = await Set(try bed.artifactFiles(try await bed.repository("plain")).filter { !$0.hasSuffix("/") })
        #expect(plainFiles == ["deploy/app.yaml", "run.sh"])

        // With rules of the user's (.sourceignore at any depth, spec.ignore) only the VCS excludes stay, as in Flux.
        let ruled = try await bed.gitFixture(name: "ruled")
        try await ruled.commit(tree.merging([
            ".sourceignore": .file("/docs/\n"),
            "docs/index.md": .file("# docs\n"),
            "deploy/.sourceignore": .file("*.tmp\n"),
            "deploy/scratch.tmp": .file("x"),
            "scratch.tmp": .file("kept: the nested .sourceignore only applies below deploy/\n"),
            "secret.env": .file("TOKEN=x\n"),
        ]) { $1 }, message: "tree")
        try await ruled.push()
        try await bed.applyGitRepository("ruled", url: ruled.fileURL, extra: "  ignore: |\n    secret.env\n    *.png\n")
        let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: "ruled"))
        #expect(outcome.isReady, "\(outcome.report)")
        let repository = try await bed.repository("ruled")
        let files = await Set(try bed.artifactFiles(repository).filter { !$0.hasSuffix("/") })
        #expect(files == [".github/workflows/ci.yaml", ".sourceignore", "deploy/.sourceignore", "deploy/app.yaml", "run.sh", "scratch.tmp"])
        #expect(repository.status?.observedIgnore == "secret.env\n*.png\n")

        // spec.sparseCheckout keeps only the directories named; the ignore rules are those inside them
        // (deploy/.sourceignore is a rule of the user's, so Flux's defaults, such as *.png, do not apply).
        try await bed.applyGitRepository("sparse", url: ruled.fileURL, extra: "  sparseCheckout:\n    - deploy\n")
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "sparse")).isReady)
        let sparse = try await bed.repository("sparse")
        let sparseFiles = Set(try await bed.artifactFiles(sparse).filter { !$0.hasSuffix("/") })
        #expect(sparseFiles == ["deploy/.sourceignore", "deploy/app.yaml", "deploy/logo.png"])
        #expect(sparse.status?.observedSparseCheckout == ["deploy"])
    }

    @Test func includeCopiesAnotherArtifactAndFollowsItsChanges() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let app = try await bed.gitFixture(name: "app")
        let shared = try await bed.gitFixture(name: "shared")
        try await app.commit(["app.yaml": .file("app: 1\n")], message: "app")
        try await app.push()
        try await shared.commit(["config/base.yaml": .file("base: 1\n"), "other/x.yaml": .file("x: 1\n")], message: "shared")
        try await shared.push()
        let controller = bed.controller()
        try await bed.applyGitRepository("shared", url: shared.fileURL)
        try await bed.applyGitRepository("app", url: app.fileURL, extra: """
              include:
                - repository:
                    name: shared
                  fromPath: config
                  toPath: vendor/shared
            """)
        let appKey = ObjectKey(namespace: "default", name: "app")
        let missing = await controller.reconcile(appKey)
        #expect(!missing.isReady)
        #expect(try await bed.repository("app").conditions.contains { $0.type == ConditionType.includeUnavailable && $0.status == .true })

        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "shared")).isReady)
        #expect(await controller.reconcile(appKey).isReady)
        let first = try await bed.repository("app")
        await #expect(try bed.artifactFile(first, "vendor/shared/base.yaml") == "base: 1\n")
        await #expect(try !bed.artifactFiles(first).contains("vendor/shared/other/x.yaml"))
        #expect(first.status?.includedArtifacts?.count == 1)

        // The included repository moves: the including one gets a new artifact at the same app revision.
        try await shared.commit(["config/base.yaml": .file("base: 2\n")], message: "shared 2")
        try await shared.push()
        let sharedBefore = try await bed.repository("shared")
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "shared")).isReady)
        let sharedAfter = try await bed.repository("shared")
        let dependents = controller.reconciler.dependents(
            of: try KubeObject(encoding: sharedAfter), previous: try KubeObject(encoding: sharedBefore),
            among: [try KubeObject(encoding: first), try KubeObject(encoding: sharedAfter)])
        #expect(dependents == [appKey], "the including repository is queued when the included one changes")
        #expect(await controller.reconcile(appKey).isReady)
        let second = try await bed.repository("app")
        #expect(second.status?.artifact?.revision == first.status?.artifact?.revision)
        #expect(second.status?.artifact?.digest != first.status?.artifact?.digest)
        await #expect(try bed.artifactFile(second, "vendor/shared/base.yaml") == "base: 2\n")
    }

    @Test func failuresKeepTheLastArtifactAndBadURLsStall() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        try await fixture.commit(["a.yaml": .file("a: 1\n")], message: "one")
        try await fixture.push()
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "app")
        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName))
        #expect(await controller.reconcile(key).isReady)
        let good = try await bed.repository("app")

        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName), ref: "branch: nope")
        let unknown = await controller.reconcile(key)
        let unknownError = try #require(unknown.failure, "\(unknown.report)")
        #expect(unknownError == .generic(reason: ConditionReason.gitOperationFailed, message: unknownError.message))
        #expect(unknownError.message.contains("nope"))
        let failed = try await bed.repository("app")
        #expect(failed.status?.artifact == good.status?.artifact, "the last good artifact is kept")
        #expect(failed.conditions.contains { $0.type == ConditionType.fetchFailed && $0.status == .true })
        #expect(failed.conditions.contains { $0.type == ConditionType.ready && $0.status == .false && $0.reason == ConditionReason.gitOperationFailed })

        try await bed.applyGitRepository("app", url: "http://127.0.0.1:1/closed.git")
        let unreachable = await controller.reconcile(key)
        #expect(!unreachable.isReady)
        #expect(try await bed.repository("app").status?.artifact == good.status?.artifact)

        try await bed.applyGitRepository("app", url: "https://exa mple.com/repo.git")
        let malformed = await controller.reconcile(key)
        let malformedError = try #require(malformed.failure, "\(malformed.report)")
        #expect(malformedError == .stalling(reason: ConditionReason.urlInvalid, message: malformedError.message))
        let stalled = try await bed.repository("app")
        #expect(stalled.conditions.contains { $0.type == ConditionType.stalled && $0.status == .true })
        #expect(stalled.status?.artifact == good.status?.artifact)

        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName), ref: "semver: \">= one\"")
        let badRange = await controller.reconcile(key)
        let rangeError = try #require(badRange.failure, "\(badRange.report)")
        #expect(rangeError == .stalling(reason: rangeError.reason, message: rangeError.message))
        #expect(rangeError.message.contains(">= one"))

        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName), extra: "  recurseSubmodules: true\n")
        let unsupported = try #require(await controller.reconcile(key).failure)
        #expect(unsupported == .stalling(reason: ConditionReason.gitOperationFailed,
                                         message: "spec.recurseSubmodules is not supported by Sluice's source-controller yet"))
    }

    @Test func credentialsComeFromTheSecretAndNeverLeak() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        try await fixture.commit(["a.yaml": .file("a: 1\n")], message: "one")
        try await fixture.push()
        let server = try await GitHTTPServer.start(root: fixture.served, basicAuth: (username: "flux", password: "right-horse-battery"))
        defer { server.stop() }
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "app")
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=wrong-staple-9271"])
        try await bed.applyGitRepository("app", url: server.url(fixture.repositoryName), extra: "  secretRef:\n    name: creds\n")
        let rejected = await controller.reconcile(key)
        #expect(!rejected.isReady)
        let failed = try await bed.repository("app")
        #expect(failed.conditions.contains { $0.type == ConditionType.ready && $0.reason == ConditionReason.authenticationFailed })
        let status = try await bed.kubectl(["get", "gitrepository", "app", "-o", "yaml"])
        let events = try bed.events(for: "app").map(\.message).joined(separator: "\n")
        for text in [status, events] {
            #expect(!text.contains("wrong-staple-9271"))
            #expect(!text.contains("right-horse-battery"))
        }

        try await bed.kubectl(["delete", "secret", "creds"])
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=right-horse-battery"])
        let accepted = await controller.reconcile(key)
        #expect(accepted.isReady, "\(accepted.report)")

        try await bed.applyGitRepository("missing", url: server.url(fixture.repositoryName), extra: "  secretRef:\n    name: absent\n")
        let absent = await controller.reconcile(ObjectKey(namespace: "default", name: "missing"))
        let error = try #require(absent.failure, "\(absent.report)")
        #expect(error.reason == ConditionReason.authenticationFailed)
        #expect(error.message.contains("default/absent"))
    }

    @Test func theSameCommitGivesTheSameDigestFromFreshCaches() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        try await fixture.commit([
            "b/z.yaml": .file("z: 1\n"), "a.yaml": .file("a: 1\n"), "tool.sh": .executable("#!/bin/sh\n"), "link.yaml": .symlink("a.yaml"),
        ], message: "tree")
        try await fixture.push()
        var digests: [String] = []
        for round in 0..<2 {
            let cache = bed.directory.appendingPathComponent("cache-\(round)")
            let controller = bed.controller(git: LibGit2Client(cacheDirectory: cache, logger: bed.logger))
            try await bed.applyGitRepository("app-\(round)", url: daemon.url(fixture.repositoryName))
            #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "app-\(round)")).isReady)
            digests.append(try requireDigest(try await bed.repository("app-\(round)")))
        }
        #expect(digests[0] == digests[1])
    }

    @Test func symlinksOutOfTheTreeAreLeftOutAndTheSizeLimitHolds() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        try await fixture.commit([
            "a.yaml": .file("a: 1\n"), "inside.yaml": .symlink("a.yaml"), "passwd": .symlink("/etc/passwd"), "up": .symlink("../../.."),
            "big.bin": .file(String((0..<200_000).map { _ in "0123456789abcdef".randomElement()! })),
        ], message: "links")
        try await fixture.push()
        try await bed.applyGitRepository("app", url: fixture.fileURL)
        let key = ObjectKey(namespace: "default", name: "app")
        #expect(await bed.controller().reconcile(key).isReady)
        let files = try await bed.artifactFiles(try await bed.repository("app"))
        #expect(files.contains("inside.yaml"))
        #expect(!files.contains("passwd"))
        #expect(!files.contains("up"))
        #expect(files.allSatisfy { !$0.hasPrefix("/") && !$0.split(separator: "/").contains("..") })

        try await bed.applyGitRepository("small", url: fixture.fileURL)
        let limited = await bed.controller(artifactMaxSize: 50_000).reconcile(ObjectKey(namespace: "default", name: "small"))
        let error = try #require(limited.failure, "\(limited.report)")
        #expect(error.message.contains("50000"))
        let small = try await bed.repository("small")
        #expect(small.conditions.contains { $0.type == ConditionType.storageOperationFailed && $0.status == .true })
        #expect(small.status?.artifact == nil)
    }

    @Test func deletionRemovesTheArtifactsAndTheCache() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        try await fixture.commit(["a.yaml": .file("a: 1\n")], message: "one")
        try await fixture.push()
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "app")
        try await bed.applyGitRepository("app", url: fixture.fileURL)
        #expect(await controller.reconcile(key).isReady)
        #expect(try !bed.store.artifacts(kind: "GitRepository", namespace: "default", name: "app").isEmpty)
        #expect(try !FileManager.default.contentsOfDirectory(atPath: bed.cacheDirectory.path).isEmpty)

        try await bed.kubectl(["delete", "gitrepository", "app", "--wait=false"])
        #expect(await controller.reconcile(key) == .finalized)
        #expect(try bed.store.artifacts(kind: "GitRepository", namespace: "default", name: "app").isEmpty)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: bed.cacheDirectory.path))?.isEmpty ?? true)
        try await eventually { try await bed.api.get(GitRepository.gvk, namespace: "default", name: "app") == nil }
    }
}
