import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Synchronization
@testable import SourceController

/// A real cluster (`sluice cluster serve`) with Sluice's CRDs, a store and a Git cache in a temporary directory,
/// and a GitRepository controller over them that tests drive one reconcile at a time.
final class SourceTestBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let api: KubernetesClient
    let store: Store
    let logger: Logger
    private let cleanUps = Mutex<[@Sendable () -> Void]>([])

    static func start() async throws -> SourceTestBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-source-\(UUID().uuidString)")
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        let bed = try SourceTestBed(directory: directory, cluster: cluster)
        try await cluster.installCRDs()
        return bed
    }

    private init(directory: URL, cluster: LocalCluster) throws {
        self.directory = directory
        self.cluster = cluster
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        store = try Store(path: directory.appendingPathComponent("store.db").path)
        logger = Logger(label: "source-test")
    }

    /// The Git cache of the default controller.
    var cacheDirectory: URL { directory.appendingPathComponent("git-cache") }

    /// A GitRepository controller over this bed's cluster and store; it accepts the `file://` and `git://` URLs of
    /// the test servers unless `allowLocalGitURLs` is false.
    func controller(git: (any GitClient)? = nil, artifactMaxSize: Int64 = 100 << 20, allowLocalGitURLs: Bool = true)
        -> Controller<GitRepositoryReconciler>
    {
        let reconciler = GitRepositoryReconciler(
            git: git ?? LibGit2Client(cacheDirectory: cacheDirectory, logger: logger), artifactMaxSize: artifactMaxSize,
            artifactBaseURL: { "http://127.0.0.1:9090" }, workDirectory: directory, allowLocalGitURLs: allowLocalGitURLs)
        return Controller(reconciler: reconciler, api: api, store: store,
                          events: EventRecorder(store: store, controller: "source-controller", instance: "test", logger: logger),
                          metrics: ControllerMetrics(), logger: logger)
    }

    /// Runs kubectl against the cluster; `input` is its standard input.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    /// Applies a GitRepository in `default`.
    func applyGitRepository(_ name: String, url: String, ref: String = "branch: main", extra: String = "") async throws {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: \(name)
              namespace: default
            spec:
              interval: 10m
              url: \(url)
              ref:
                \(ref)
            \(extra)
            """)
    }

    /// The GitRepository `default/name` as the cluster has it.
    func repository(_ name: String) async throws -> GitRepository {
        guard let raw = try await api.get(GitRepository.gvk, namespace: "default", name: name) else {
            throw LocalClusterError("GitRepository default/\(name) not found")
        }
        return try raw.decode(as: GitRepository.self)
    }

    /// The file names in a stored artifact, as GNU tar lists them.
    func artifactFiles(_ repository: GitRepository) async throws -> [String] {
        let digest = try requireDigest(repository)
        let file = directory.appendingPathComponent("artifact-\(UUID().uuidString).tar.gz")
        try Data(try store.artifactContent(digest: digest)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Shell.run("tar", ["-tzf", file.path]).split(separator: "\n").map(String.init)
    }

    /// The content of `path` inside a stored artifact.
    func artifactFile(_ repository: GitRepository, _ path: String) async throws -> String {
        let digest = try requireDigest(repository)
        let file = directory.appendingPathComponent("artifact-\(UUID().uuidString).tar.gz")
        try Data(try store.artifactContent(digest: digest)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Shell.run("tar", ["-xzOf", file.path, path])
    }

    /// Events the store holds for `name`, oldest first.
    func events(for name: String) throws -> [Event] {
        try store.events(limit: 10_000, involvedKind: "GitRepository", namespace: "default", name: name)
    }

    /// A Git work tree and bare repository, removed by ``stop()``.
    func gitFixture(name: String = "repo") async throws -> GitFixture {
        let fixture = try await GitFixture(name: name)
        cleanUps.withLock { $0.append(fixture.cleanUp) }
        return fixture
    }

    /// `git daemon` serving `fixture`, stopped by ``stop()``.
    func daemon(serving fixture: GitFixture) async throws -> GitDaemonServer {
        let daemon = try await GitDaemonServer.start(root: fixture.served)
        cleanUps.withLock { $0.append(daemon.stop) }
        return daemon
    }

    func stop() {
        for cleanUp in cleanUps.withLock({ $0 }).reversed() { cleanUp() }
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// `status.artifact.digest`, or a thrown error naming the object.
func requireDigest(_ repository: GitRepository) throws -> String {
    guard let digest = repository.status?.artifact?.digest else {
        throw LocalClusterError("GitRepository \(repository.metadata.name) has no artifact: \(repository.conditions)")
    }
    return digest
}
