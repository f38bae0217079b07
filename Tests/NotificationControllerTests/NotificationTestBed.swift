import Foundation
import Logging
import NotificationController
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport

/// A real cluster (`sluice cluster serve`) with Sluice's CRDs and a store in a temporary directory, and the
/// notification-controller's parts run in process against it.
final class NotificationTestBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let api: KubernetesClient
    let store: Store
    let logger: Logger

    static func start() async throws -> NotificationTestBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-notification-\(UUID().uuidString)")
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        let bed = try NotificationTestBed(directory: directory, cluster: cluster)
        try await cluster.installCRDs()
        return bed
    }

    private init(directory: URL, cluster: LocalCluster) throws {
        self.directory = directory
        self.cluster = cluster
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        store = try Store(path: directory.appendingPathComponent("store.db").path)
        var logger = Logger(label: "notification-test")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Runs kubectl against the cluster; `input` is its standard input.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    /// Applies YAML.
    func apply(_ yaml: String) async throws { try await kubectl(["apply", "-f", "-"], input: yaml) }

    /// A running Receiver controller and webhook server.
    struct Receivers: Sendable {
        let port: Int
        let task: Task<Void, any Error>
        func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }
        func stop() { task.cancel() }
    }

    /// Starts the Receiver controller and the webhook server on a kernel-chosen loopback port.
    func startReceivers(readTimeout: Duration = .seconds(15)) async throws -> Receivers {
        let index = ReceiverIndex()
        let controller = Controller(reconciler: ReceiverReconciler(index: index), api: api, store: store,
                                    events: EventRecorder(store: store, controller: "notification-controller", instance: "test", logger: logger),
                                    metrics: ControllerMetrics(), logger: logger)
        // A window far longer than any test: "the same push again at once coalesces" must not depend on how loaded the machine
        // is (every request now also reads its Receiver and Secret back, which takes longer than the default second under load).
        let requester = ReconcileRequester(api: api, coalescer: RequestCoalescer(window: .seconds(600)), logger: logger)
        let handler = ReceiverHandler(index: index, requester: requester, logger: logger)
        let ports = AsyncStream<Int>.makeStream()
        let server = ReceiverServer(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler, readTimeout: readTimeout,
                                    logger: logger) { port in ports.continuation.yield(port) }
        let task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                group.addTask { try await controller.run() }
                try await group.next()
                group.cancelAll()
            }
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw LocalClusterError("the webhook server did not start") }
        return Receivers(port: port, task: task)
    }

    /// A Secret `name` in `default` holding `token`.
    func applyTokenSecret(_ name: String, token: String) async throws {
        try await apply("""
            apiVersion: v1
            kind: Secret
            metadata:
              name: \(name)
              namespace: default
            stringData:
              token: \(token)
            """)
    }

    /// A GitRepository `name` in `default` (never fetched here: no source-controller runs).
    func applyGitRepository(_ name: String, labels: String = "{}") async throws {
        try await apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: \(name)
              namespace: default
              labels: \(labels)
            spec:
              interval: 1h
              url: https://example.invalid/\(name).git
            """)
    }

    /// A Receiver `name` in `default` of `type` for `resources`, with `events`, and waits for its webhook path.
    func applyReceiver(_ name: String, type: String, secret: String, events: [String] = [], resources: String) async throws -> String {
        try await apply("""
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata:
              name: \(name)
              namespace: default
            spec:
              type: \(type)
              events: [\(events.map { "\"\($0)\"" }.joined(separator: ", "))]
              secretRef:
                name: \(secret)
              resources:
            \(resources)
            """)
        return try await eventually(timeout: .seconds(30)) { () -> String? in
            let path = try await kubectl(["get", "receiver", name, "-o", "jsonpath={.status.webhookPath}"])
            let ready = try await kubectl(["get", "receiver", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"])
            return path.hasPrefix("/hook/") && ready == "True" ? path : nil
        }
    }

    /// `reconcile.fluxcd.io/requestedAt` on GitRepository `name`, as kubectl reads it.
    func requestedAt(_ name: String) async throws -> String {
        try await kubectl(["get", "gitrepository", name, "-o", "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt}"])
    }

    func cleanUp() {
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}
