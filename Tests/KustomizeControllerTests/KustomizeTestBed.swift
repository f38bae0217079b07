import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Synchronization
@testable import KustomizeController
@testable import SourceController

/// A real cluster with Sluice's CRDs, a store, a Git repository served from disk, the real GitRepository reconciler
/// making artifacts and a Kustomization controller — all driven one reconcile at a time.
final class KustomizeTestBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let api: KubernetesClient
    let store: Store
    let fixture: GitFixture
    let logger: Logger
    let metrics = ControllerMetrics()

    static func start() async throws -> KustomizeTestBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-kustomize-\(UUID().uuidString)")
        let cluster = try await LocalCluster(["--simulate-delay", "100ms"], directory: directory.appendingPathComponent("cluster"))
        let fixture = try await GitFixture(name: "repo")
        let bed = try KustomizeTestBed(directory: directory, cluster: cluster, fixture: fixture)
        try await cluster.installCRDs()
        return bed
    }

    private init(directory: URL, cluster: LocalCluster, fixture: GitFixture) throws {
        self.directory = directory
        self.cluster = cluster
        self.fixture = fixture
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        store = try Store(path: directory.appendingPathComponent("store.db").path)
        logger = Logger(label: "kustomize-test")
    }

    /// The Kustomization controller under test.
    func controller(requeueDependency: Duration = .seconds(30), noCrossNamespaceRefs: Bool = false,
                    defaultServiceAccount: String? = nil, decryption: DecryptionSettings = DecryptionSettings()) -> Controller<KustomizationReconciler>
    {
        let reconciler = KustomizationReconciler(client: api, requeueDependency: requeueDependency, noCrossNamespaceRefs: noCrossNamespaceRefs,
                                                 workDirectory: directory,
                                                 pollInterval: .milliseconds(100), metrics: metrics,
                                                 impersonator: Impersonator(client: api, defaultServiceAccount: defaultServiceAccount),
                                                 decryption: decryption)
        return Controller(reconciler: reconciler, api: api, store: store,
                          events: EventRecorder(store: store, controller: "kustomize-controller", instance: "test", logger: logger),
                          metrics: metrics, logger: logger)
    }

    /// Commits `files` (and removes `removing`), pushes, and reconciles the GitRepository `default/repo` onto it; returns the revision.
    @discardableResult
    func publish(_ files: [String: String], removing: [String] = [], message: String = "change") async throws -> String {
        let sha = try await fixture.commit(files.mapValues { .file($0) }, removing: removing, message: message)
        try await fixture.push()
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: repo
              namespace: default
            spec:
              interval: 10m
              url: \(fixture.fileURL)
              ref:
                branch: main
            """)
        let reconciler = GitRepositoryReconciler(git: LibGit2Client(cacheDirectory: directory.appendingPathComponent("git-cache"), logger: logger),
                                                 artifactBaseURL: { "http://127.0.0.1:9090" }, workDirectory: directory,
                                                 allowLocalGitURLs: true)
        let source = Controller(reconciler: reconciler, api: api, store: store,
                                events: EventRecorder(store: store, controller: "source-controller", instance: "test", logger: logger),
                                metrics: ControllerMetrics(), logger: logger)
        let outcome = await source.reconcile(ObjectKey(namespace: "default", name: "repo"))
        guard outcome.isReady else { throw LocalClusterError("GitRepository not ready: \(outcome.report)") }
        return "main@sha1:\(sha)"
    }

    /// Applies a Kustomization `default/name` over the GitRepository `repo`; `extra` is more of its spec, indented two spaces.
    func applyKustomization(_ name: String, path: String = "./deploy", prune: Bool = true, timeout: String = "5s",
                            extra: String = "", annotations: String = "") async throws
    {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: \(name)
              namespace: default
            \(annotations)
            spec:
              interval: 10m
              path: \(path)
              prune: \(prune)
              timeout: \(timeout)
              sourceRef:
                kind: GitRepository
                name: repo
            \(extra)
            """)
    }

    /// The Kustomization `default/name`.
    func kustomization(_ name: String) async throws -> Kustomization {
        guard let raw = try await api.get(Kustomization.gvk, namespace: "default", name: name) else {
            throw LocalClusterError("Kustomization default/\(name) not found")
        }
        return try raw.decode(as: Kustomization.self)
    }

    /// An object, or `nil`.
    func object(_ apiVersion: String, _ kind: String, _ name: String, namespace: String? = "default") async throws -> KubeObject? {
        try await api.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), namespace: namespace, name: name)
    }

    /// Events for the Kustomization `name`, oldest first.
    func events(for name: String) throws -> [Event] {
        try store.events(limit: 10_000, involvedKind: "Kustomization", namespace: "default", name: name)
    }

    /// Runs kubectl against the cluster.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    func stop() {
        fixture.cleanUp()
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}
