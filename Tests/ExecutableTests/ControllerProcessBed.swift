import Foundation
import SluiceTestSupport
import Testing

/// What every end-to-end test of the controller processes starts from: `sluice cluster serve` with Sluice's CRDs,
/// a Git repository served by `git daemon`, a store path, and the flags every controller process takes.
final class ControllerProcessBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let fixture: GitFixture
    let daemon: GitDaemonServer

    /// `--kubeconfig … --store …`, for `run` and the debugging commands alike.
    let common: [String]

    /// Metrics and probes on kernel-chosen loopback ports, so processes never collide.
    static let observability = ["--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0"]

    private init(directory: URL, cluster: LocalCluster, fixture: GitFixture, daemon: GitDaemonServer) {
        self.directory = directory
        self.cluster = cluster
        self.fixture = fixture
        self.daemon = daemon
        common = ["--kubeconfig", cluster.kubeconfig, "--store", directory.appendingPathComponent("store.db").path]
    }

    /// Starts the cluster (with `clusterFlags`), installs the CRDs and serves an empty repository.
    static func start(_ name: String, clusterFlags: [String] = []) async throws -> ControllerProcessBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(name)-e2e-\(UUID().uuidString)")
        let cluster = try await LocalCluster(clusterFlags, directory: directory.appendingPathComponent("cluster"))
        try await cluster.installCRDs()
        let fixture = try await GitFixture()
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        return ControllerProcessBed(directory: directory, cluster: cluster, fixture: fixture, daemon: daemon)
    }

    /// The served repository's git:// URL.
    var repositoryURL: String { daemon.url(fixture.repositoryName) }

    /// `tool run` with the common flags, kernel-chosen ports and `extra`.
    func run(_ tool: String, _ extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(tool, ["run"] + common + Self.observability + extra)
    }

    /// kubectl against the cluster.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    /// Applies a GitRepository `default/name` following `main` of the served repository, every hour.
    func applyGitRepository(_ name: String) async throws {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: \(name)
              namespace: default
            spec:
              interval: 1h
              url: \(repositoryURL)
              ref:
                branch: main
            """)
    }

    /// `kubectl get KIND NAME -o jsonpath={PATH}`.
    func field(_ kind: String, _ name: String, _ path: String) async throws -> String {
        try await kubectl(["get", kind, name, "-o", "jsonpath={\(path)}"])
    }

    /// Applies the GitRepository `default/app` over the served repository and the Kustomization `default/app` building
    /// `./deploy` from it with prune, both every 2s; `extra` is more of the Kustomization's spec, indented two spaces.
    func applyApp(extra: String) async throws {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 2s
              url: \(repositoryURL)
              ref:
                branch: main
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: app
              namespace: default
            spec:
              interval: 2s
              path: ./deploy
              prune: true
              timeout: 30s
              sourceRef:
                kind: GitRepository
                name: app
            \(extra)
            """)
    }

    /// Waits (up to a minute) for `condition`; on a timeout records `kinds` as YAML and the processes' logs, and throws.
    func waitFor(_ what: String, kinds: String = "kustomization,gitrepository", logs processes: [String: ChildProcess],
                 _ condition: () async throws -> Bool) async throws
    {
        do {
            try await eventually(timeout: .seconds(60)) { try await condition() }
        } catch {
            let state = (try? await kubectl(["get", kinds, "-o", "yaml"])) ?? ""
            let logs = processes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.stderr)" }.joined(separator: "\n")
            Issue.record("\(what): \(state)\n\(logs)")
            throw error
        }
    }

    /// Stops the servers and removes everything (for `defer`).
    func stop() {
        daemon.stop()
        fixture.cleanUp()
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}
