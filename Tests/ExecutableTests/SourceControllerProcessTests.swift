import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// The real `source-controller` executable against `sluice cluster serve`, a real `git daemon` and the real `kubectl`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct SourceControllerProcessTests {
    @Test func sourceControllerServesGitRepositoriesEndToEnd() async throws {
        let bed = try await ControllerProcessBed.start("source")
        defer { bed.stop() }
        let (fixture, common, directory) = (bed.fixture, bed.common, bed.directory)
        func kubectl(_ arguments: [String], input: String? = nil) async throws { try await bed.kubectl(arguments, input: input) }
        let first = try await fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n")], message: "First")
        try await fixture.push()
        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { controller.signal(SIGKILL) }
        try await bed.applyGitRepository("app")
        func field(_ path: String) async throws -> String { try await bed.field("gitrepository", "app", path) }
        try await eventually(timeout: .seconds(60)) { try await field(".status.artifact.revision") == "main@sha1:\(first)" }
        await #expect(try field(".status.conditions[?(@.type==\"Ready\")].status") == "True")

        // The artifact is served over HTTP at status.artifact.url, as Flux's storage server serves it.
        let url = try await #require(URL(string: try field(".status.artifact.url")))
        let (body, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        await #expect(body.count == Int(try field(".status.artifact.size")))

        // A push and a reconcile request (as `flux reconcile source git` makes) give a new revision at once.
        let second = try await fixture.commit(["deploy/app.yaml": .file("kind: Secret\n")], message: "Second")
        try await fixture.push()
        try await kubectl(["annotate", "--overwrite", "gitrepository", "app", "reconcile.fluxcd.io/requestedAt=now-1"])
        try await eventually(timeout: .seconds(60)) { try await field(".status.artifact.revision") == "main@sha1:\(second)" }
        try await eventually(timeout: .seconds(30)) { try await field(".status.lastHandledReconcileAt") == "now-1" }

        // The debugging commands: get, reconcile, artifact export.
        let listed = try await ChildProcess.run("source-controller", ["get", "gitrepositories", "-A"] + common)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("main@sha1:\(second)"))
        #expect(listed.stdout.contains("stored artifact for revision"))
        let once = try await ChildProcess.run("source-controller", ["reconcile", "gitrepository", "default/app", "--log-level", "error", "--allow-local-git-urls"] + common)
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(once.stdout.contains("Ready=True Succeeded: stored artifact for revision 'main@sha1:\(second)'"))
        let exported = directory.appendingPathComponent("app.tar.gz").path
        let export = try await ChildProcess.run("source-controller", ["artifact", "export", "gitrepository", "default/app", "-o", exported] + common)
        #expect(export.status == 0, "\(export.stderr)")
        await #expect(try Shell.run("tar", ["-xzOf", exported, "deploy/app.yaml"]) == "kind: Secret\n")
        let missing = try await ChildProcess.run("source-controller", ["reconcile", "gitrepository", "default/absent"] + common)
        #expect(missing.status != 0)

        // Deletion: the finalizer removes the artifacts, then the object goes.
        try await kubectl(["delete", "gitrepository", "app", "--timeout=60s"])
        let gone = try await ChildProcess.run("source-controller", ["artifact", "export", "gitrepository", "default/app", "-o", exported] + common)
        #expect(gone.status != 0)
        #expect(gone.stderr.contains("no artifact stored"))

        controller.signal(SIGTERM)
        #expect(try await controller.wait(timeout: .seconds(20)) == 0, "\(controller.stderr)")
    }

    @Test func localURLsStallWithoutTheFlagAndACorruptArtifactIsPackagedAgain() async throws {
        let bed = try await ControllerProcessBed.start("source-repair")
        defer { bed.stop() }
        let commit = try await bed.fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n")], message: "First")
        try await bed.fixture.push()
        func field(_ path: String) async throws -> String { try await bed.field("gitrepository", "app", path) }

        // Without --allow-local-git-urls, the git:// URL of the test daemon stalls with URLInvalid, naming the flag.
        let strict = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { strict.signal(SIGKILL) }
        try await bed.applyGitRepository("app")
        try await eventually(timeout: .seconds(60)) { try await field(".status.conditions[?(@.type==\"Stalled\")].reason") == "URLInvalid" }
        await #expect(try field(".status.conditions[?(@.type==\"Ready\")].message").contains("--allow-local-git-urls"))
        await #expect(try field(".status.artifact").isEmpty)
        strict.signal(SIGTERM)
        #expect(try await strict.wait(timeout: .seconds(20)) == 0, "\(strict.stderr)")

        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { controller.signal(SIGKILL) }
        try await eventually(timeout: .seconds(60)) { try await field(".status.artifact.revision") == "main@sha1:\(commit)" }
        let digest = try await field(".status.artifact.digest")
        let url = try #require(URL(string: try await field(".status.artifact.url")))
        func download() async throws -> (status: Int, digest: String) {
            let (body, response) = try await URLSession.shared.data(from: url)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, "sha256:" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())
        }
        await #expect(try download() == (200, digest))

        // The blob is damaged in the store (zeroed, same length): the server refuses it until a reconcile packages the revision again.
        let store = bed.directory.appendingPathComponent("store.db").path
        try await Shell.run("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], timeout=30)
            assert db.execute("UPDATE blobs SET content = zeroblob(size) WHERE digest = ?", (sys.argv[2],)).rowcount == 1
            db.commit()
            """, store, digest])
        await #expect(try download().status == 500)
        try await bed.kubectl(["annotate", "--overwrite", "gitrepository", "app", "reconcile.fluxcd.io/requestedAt=repair-1"])
        try await eventually(timeout: .seconds(60)) { try await download() == (200, digest) }
        try await eventually(timeout: .seconds(30)) { try await field(".status.lastHandledReconcileAt") == "repair-1" }
        await #expect(try field(".status.artifact.digest") == digest)
        await #expect(try field(".status.conditions[?(@.type==\"Ready\")].status") == "True")
        #expect(controller.stderr.contains("ArtifactVerificationFailed"), "the warning event is logged")
    }

    @Test func specPathsThroughACommittedSymlinkAreRefusedAndTheHostIsUntouched() async throws {
        let bed = try await ControllerProcessBed.start("source-escape")
        defer { bed.stop() }
        // A directory of the host, and a repository whose pusher committed a link to it.
        let host = bed.directory.appendingPathComponent("host")
        try FileManager.default.createDirectory(at: host.appendingPathComponent("x"), withIntermediateDirectories: true)
        try Data("keep\n".utf8).write(to: host.appendingPathComponent("x/keep.txt"))
        try await bed.fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n"), "esc": .symlink(host.path)], message: "link out")
        try await bed.fixture.push()
        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { controller.signal(SIGKILL) }
        try await bed.applyGitRepository("shared")
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              url: \(bed.repositoryURL)
              ref:
                branch: main
              include:
                - repository:
                    name: shared
                  toPath: esc/x
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: sparse
              namespace: default
            spec:
              interval: 1h
              url: \(bed.repositoryURL)
              ref:
                branch: main
              sparseCheckout:
                - esc/x
            """)
        func condition(_ name: String, _ type: String) async throws -> String {
            try await bed.field("gitrepository", name, ".status.conditions[?(@.type==\"\(type)\")].message")
        }
        try await eventually(timeout: .seconds(60)) {
            try await condition("app", "IncludeUnavailable")
                == "failed to include 'shared': spec.include[0].toPath 'esc/x': path component 'esc' is a symbolic link"
        }
        try await eventually(timeout: .seconds(60)) {
            try await condition("sparse", "FetchFailed").hasSuffix(": spec.sparseCheckout[0] 'esc/x': path component 'esc' is a symbolic link")
        }
        await #expect(try bed.field("gitrepository", "app", ".status.artifact").isEmpty)
        await #expect(try bed.field("gitrepository", "sparse", ".status.artifact").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: host.path) == ["x"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: host.appendingPathComponent("x").path) == ["keep.txt"])
        #expect(try String(contentsOf: host.appendingPathComponent("x/keep.txt"), encoding: .utf8) == "keep\n")
    }
}
