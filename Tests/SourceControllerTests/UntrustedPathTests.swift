import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import SourceController

/// What a GitRepository's spec and the repository's content must not reach: files of the controller's host through
/// symlinks committed to the repository (`spec.include[].toPath`, `spec.sparseCheckout`), and repositories on the
/// controller's disk or behind an unauthenticated daemon (`file://`, `git://` without `--allow-local-git-urls`).
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct UntrustedPathTests {
    /// A directory standing for the host's files, beside the controller's work directories: `x/keep.txt` and `file`.
    ///
    /// Checkouts are at `<bed>/gitrepository-…/tree`, so the committed link `../../host` leads here too.
    static func hostDirectory(in bed: SourceTestBed) throws -> URL {
        let host = bed.directory.appendingPathComponent("host")
        try FileManager.default.createDirectory(at: host.appendingPathComponent("x"), withIntermediateDirectories: true)
        try Data("keep\n".utf8).write(to: host.appendingPathComponent("x/keep.txt"))
        try Data("secret\n".utf8).write(to: host.appendingPathComponent("file"))
        return host
    }

    /// Every path under `directory` with its content ("<dir>" for directories).
    static func snapshot(_ directory: URL) -> [String: String] {
        var snapshot: [String: String] = [:]
        for case let relative as String in FileManager.default.enumerator(atPath: directory.path) ?? .init() {
            snapshot[relative] = (try? String(contentsOf: directory.appendingPathComponent(relative), encoding: .utf8)) ?? "<dir>"
        }
        return snapshot
    }

    @Test func includeToPathAndFromPathThroughSymlinksAreRefusedAndTouchNothingOutside() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let host = try Self.hostDirectory(in: bed)
        let before = Self.snapshot(host)
        let app = try await bed.gitFixture(name: "app")
        try await app.commit(["app.yaml": .file("app: 1\n"), "esc": .symlink(host.path), "rel": .symlink("../../host")], message: "links")
        try await app.push()
        let shared = try await bed.gitFixture(name: "shared")
        try await shared.commit(["config/x/new.txt": .file("new\n"), "linked": .symlink("config")], message: "shared")
        try await shared.push()
        let controller = bed.controller()
        try await bed.applyGitRepository("shared", url: shared.fileURL)
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "shared")).isReady)

        let appKey = ObjectKey(namespace: "default", name: "app")
        let cases: [(fromPath: String, toPath: String, field: String, path: String, component: String)] = [
            ("config", "esc/x", "toPath", "esc/x", "esc"),
            ("config", "rel/x", "toPath", "rel/x", "rel"),
            ("config", "esc", "toPath", "esc", "esc"),
            ("linked/x", "vendor", "fromPath", "linked/x", "linked"),
        ]
        for item in cases {
            try await bed.applyGitRepository("app", url: app.fileURL, extra: """
                  include:
                    - repository:
                        name: shared
                      fromPath: \(item.fromPath)
                      toPath: \(item.toPath)
                """)
            let outcome = await controller.reconcile(appKey)
            let error = try #require(outcome.failure, "\(item): \(outcome.report)")
            let expected = "failed to include 'shared': spec.include[0].\(item.field) '\(item.path)': path component '\(item.component)' is a symbolic link"
            #expect(error == .generic(reason: ConditionReason.invalidPath, message: expected))
            let repository = try await bed.repository("app")
            #expect(repository.conditions.contains { $0.type == ConditionType.includeUnavailable && $0.status == .true && $0.message == expected })
            #expect(repository.status?.artifact == nil)
            #expect(Self.snapshot(host) == before, "nothing outside the work directory changed (\(item))")
        }

        // The same include into a real directory works.
        try await bed.applyGitRepository("app", url: app.fileURL, extra: """
              include:
                - repository:
                    name: shared
                  fromPath: config
                  toPath: vendor/x
            """)
        #expect(await controller.reconcile(appKey).isReady)
        let files = try await bed.artifactFiles(try await bed.repository("app"))
        #expect(files.contains("vendor/x/x/new.txt"))
        #expect(!files.contains("esc") && !files.contains("rel"), "links out of the tree stay out of the artifact")
        #expect(Self.snapshot(host) == before)
    }

    @Test func sparseCheckoutThroughSymlinksIsRefusedAndMovesNothingIn() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let host = try Self.hostDirectory(in: bed)
        let before = Self.snapshot(host)
        let fixture = try await bed.gitFixture()
        try await fixture.commit(["deploy/app.yaml": .file("app: 1\n"), "esc": .symlink(host.path), "rel": .symlink("../../host")],
                                 message: "links")
        try await fixture.push()
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "app")
        for (path, component) in [("esc/file", "esc"), ("rel/file", "rel"), ("esc/x", "esc"), ("esc", "esc")] {
            try await bed.applyGitRepository("app", url: fixture.fileURL, extra: "  sparseCheckout:\n    - deploy\n    - \(path)\n")
            let outcome = await controller.reconcile(key)
            let error = try #require(outcome.failure, "\(path): \(outcome.report)")
            #expect(error.reason == ConditionReason.gitOperationFailed)
            #expect(error.message.hasSuffix(": spec.sparseCheckout[1] '\(path)': path component '\(component)' is a symbolic link"), "\(error.message)")
            let repository = try await bed.repository("app")
            #expect(repository.conditions.contains { $0.type == ConditionType.fetchFailed && $0.status == .true && $0.message == error.message })
            #expect(repository.status?.artifact == nil)
            #expect(Self.snapshot(host) == before, "no host file was moved into the artifact (\(path))")
        }

        try await bed.applyGitRepository("app", url: fixture.fileURL, extra: "  sparseCheckout:\n    - deploy\n    - ./deploy/\n")
        #expect(await controller.reconcile(key).isReady)
        #expect(Set(try await bed.artifactFiles(try await bed.repository("app")).filter { !$0.hasSuffix("/") }) == ["deploy/app.yaml"])
        #expect(Self.snapshot(host) == before)
    }

    @Test func fileAndGitURLsStallUnlessAllowed() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        try await fixture.commit(["a.yaml": .file("a: 1\n")], message: "one")
        try await fixture.push()
        let key = ObjectKey(namespace: "default", name: "app")
        let refusing = bed.controller(allowLocalGitURLs: false)
        for url in [fixture.fileURL, daemon.url(fixture.repositoryName), "FILE://" + fixture.bare.path] {
            try await bed.applyGitRepository("app", url: url)
            let outcome = await refusing.reconcile(key)
            let error = try #require(outcome.failure, "\(url): \(outcome.report)")
            #expect(error == .stalling(reason: ConditionReason.urlInvalid, message: error.message))
            #expect(error.message.contains("--allow-local-git-urls"), "\(error.message)")
            #expect(error.message.contains("use https, http or ssh"), "\(error.message)")
            let repository = try await bed.repository("app")
            #expect(repository.conditions.contains { $0.type == ConditionType.stalled && $0.status == .true && $0.reason == ConditionReason.urlInvalid })
            #expect(repository.status?.artifact == nil)
            #expect((try? FileManager.default.contentsOfDirectory(atPath: bed.cacheDirectory.path))?.isEmpty ?? true, "nothing was fetched")
        }

        // https, http and ssh pass the check (and fail only on connecting here).
        try await bed.applyGitRepository("app", url: "http://127.0.0.1:1/closed.git")
        let closed = try #require(await refusing.reconcile(key).failure)
        #expect(closed.reason != ConditionReason.urlInvalid)

        // With the flag (as `sluice up` and the tests run), the same URLs work.
        try await bed.applyGitRepository("app", url: daemon.url(fixture.repositoryName))
        #expect(await bed.controller().reconcile(key).isReady)
    }
}
