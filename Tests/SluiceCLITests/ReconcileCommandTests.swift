import Foundation
import SluiceTestSupport
import Testing

/// `sluice reconcile` and `sluice events` with the real `source-controller` child process and a real `git daemon`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil,
                "needs the built executables and kubectl"))
struct ReconcileCommandTests {
    @Test func reconcileWaitsForTheNewRevisionAndEventsReadsTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-reconcile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let store = directory.appendingPathComponent("store.db").path
        let sluice = SluiceCLI(cluster: cluster, store: store)
        try await sluice.installCRDs()
        let fixture = try await GitFixture()
        defer { fixture.cleanUp() }
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        defer { daemon.stop() }
        _ = try await fixture.commit(["deploy/app.yaml": .file("kind: ConfigMap\n")], message: "First")
        try await fixture.push()
        let controller = try BackgroundProcess("source-controller", [
            "run", "--kubeconfig", cluster.kubeconfig, "--store", store,
            "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0", "--storage-addr", "127.0.0.1:0", "--allow-local-git-urls",
        ])
        defer { controller.kill() }
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              url: \(daemon.url(fixture.repositoryName))
              ref:
                branch: main
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: broken
              namespace: default
            spec:
              interval: 1h
              url: \(daemon.url("absent"))
              ref:
                branch: main
            """)
        try await eventually(timeout: .seconds(60)) {
            try await sluice.kubectl(["get", "gitrepository", "app", "-o", "jsonpath={.status.artifact.revision}"]).hasPrefix("main@sha1:")
        }

        // A push is not seen for an hour; `reconcile` fetches it now and returns once it is stored and Ready.
        let second = try await fixture.commit(["deploy/app.yaml": .file("kind: Secret\n")], message: "Second")
        try await fixture.push()
        let reconciled = try await sluice("reconcile", "source", "git", "app", "-n", "default", "--timeout", "2m")
        #expect(reconciled.status == 0, "\(reconciled.stderr)\n\(controller.stderr)")
        #expect(reconciled.stderr.contains("reconciliation completed"))
        #expect(!reconciled.stderr.contains("\u{1B}["), "no colours or progress when not on a terminal")
        await #expect(try sluice.kubectl(["get", "gitrepository", "app", "-o", "jsonpath={.status.artifact.revision}"]) == "main@sha1:\(second)")

        // A failing source: non-zero, with its Ready message.
        let failed = try await sluice("reconcile", "source", "git", "broken", "-n", "default", "--timeout", "2m")
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: GitRepository default/broken is not ready: "), "\(failed.stderr)")
        #expect(failed.stderr.contains("hint: "))

        // The events the controller recorded, from the shared store.
        let events = try await sluice("events", "--for", "GitRepository/app", "-n", "default")
        #expect(events.status == 0, "\(events.stderr)")
        #expect(events.stdout.contains("GitRepository/app"))
        #expect(events.stdout.contains("NewArtifact\tGitRepository/app\tstored artifact for commit 'Second'"), "\(events.stdout)")
        #expect(!events.stdout.contains("GitRepository/broken"))

        // `events -w` prints what is there, then follows: the next reconcile's event appears without restarting it.
        let follower = try BackgroundProcess("sluice", ["events", "-w", "--for", "GitRepository/app", "-n", "default", "--store", store])
        defer { follower.kill() }
        try await Self.await(follower, printing: "commit 'Second'", controller: controller)
        _ = try await fixture.commit(["deploy/app.yaml": .file("kind: Namespace\n")], message: "Third")
        try await fixture.push()
        let third = try await sluice("reconcile", "source", "git", "app", "-n", "default", "--timeout", "2m")
        #expect(third.status == 0, "\(third.stderr)")
        try await Self.await(follower, printing: "stored artifact for commit 'Third'", controller: controller)
    }

    /// Waits for `follower` (`sluice events -w`) to print `text`; on failure records what it and the controller printed.
    private static func await(_ follower: BackgroundProcess, printing text: String, controller: BackgroundProcess) async throws {
        do {
            try await eventually(timeout: .seconds(60)) { follower.stdout.contains(text) }
        } catch {
            Issue.record("events -w never printed \(text); it printed:\n\(follower.stdout)\n\(follower.stderr)\nsource-controller:\n\(controller.stderr.suffix(3000))")
            throw error
        }
    }
}
