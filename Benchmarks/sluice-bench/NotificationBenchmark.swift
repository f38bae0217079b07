import AsyncHTTPClient
import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NotificationController
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Synchronization

/// `sluice-bench notification`: the webhook receiver's throughput and p99 for valid signed GitHub pushes, and events per
/// second from the store through 100 Alerts to a local provider.
enum NotificationBenchmark {
    static let usage = """
        usage: sluice-bench notification [--requests 5000] [--concurrency 32] [--events 5000] [--alerts 100]

          --requests N     signed GitHub push webhooks posted to the receiver (default 5000)
          --concurrency N  webhooks in flight at once (default 32)
          --events N       events appended to the store and dispatched (default 5000)
          --alerts N       Alerts, each taking the events of one GitRepository, all to one generic provider (default 100)

        Aims (issue 7): receiver ≥ 2,000 requests/s on 2 cores; p99 reported. Each push names a new commit, so every
        request annotates the GitRepository through the API server (no coalescing); then the same
        commit repeated, which the receiver coalesces, measuring the HTTP server and signature verification alone.
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["requests", "concurrency", "events", "alerts"])
        let requests = try options.int("requests", default: 5_000)
        let concurrency = try options.int("concurrency", default: 32)
        let events = try options.int("events", default: 5_000)
        let alerts = try options.int("alerts", default: 100)
        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-notification-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        let api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        for type in [GitRepository.self, Alert.self, Provider.self] as [any CustomResource.Type] {
            _ = try await api.create(KubeObject(CustomResourceDefinitionRenderer().definition(for: type).objectValue ?? [:]))
        }
        while (try? await api.list(Provider.gvk, namespace: "default")) == nil { try await Task.sleep(for: .milliseconds(50)) }
        var logger = Logger(label: "bench")
        logger.logLevel = .critical

        // The receiver's own client without the usual --kube-api-qps 50 limit, which would otherwise be what is measured.
        var unlimited = try ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:]))
        unlimited.qps = 1_000_000
        unlimited.burst = 1_000_000
        let receiverAPI = try KubernetesClient(configuration: unlimited)
        try await receiver(requests: requests, concurrency: concurrency, distinctCommits: true, api: receiverAPI, logger: logger)
        try await receiver(requests: requests, concurrency: concurrency, distinctCommits: false, api: receiverAPI, logger: logger)
        let store = try Store(path: directory.appending(component: "store.db").path)
        try await dispatch(events: events, alerts: alerts, api: api, store: store, logger: logger)
    }

    /// Posts signed pushes to an in-process receiver server and reports throughput and latency percentiles.
    static func receiver(requests: Int, concurrency: Int, distinctCommits: Bool, api: KubernetesClient, logger: Logger) async throws {
        if try await api.get(GitRepository.gvk, namespace: "default", name: "app") == nil {
            var repository = KubeObject(apiVersion: GitRepository.apiVersion, kind: GitRepository.kind, name: "app", namespace: "default")
            repository["spec"] = ["url": "https://example.invalid/app.git", "interval": "1h"]
            _ = try await api.create(repository)
        }
        let index = ReceiverIndex()
        let receiver = Receiver(metadata: ObjectMeta(name: "github", namespace: "default"),
                                spec: ReceiverSpec(type: "github", events: ["push"],
                                                   resources: [CrossNamespaceObjectReference(kind: "GitRepository", name: "app")],
                                                   secretRef: LocalObjectReference(name: "token")))
        let path = WebhookPath.make(token: "bench-token", name: "github", namespace: "default")
        index.serve(receiver, token: "bench-token", path: path)
        let handler = ReceiverHandler(index: index, requester: ReconcileRequester(api: api, logger: logger), logger: logger)
        let ports = AsyncStream<Int>.makeStream()
        let server = ReceiverServer(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler, logger: logger) {
            ports.continuation.yield($0)
        }
        let serverTask = Task { try await server.run() }
        defer { serverTask.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the receiver did not start") }
        let url = "http://127.0.0.1:\(port)\(path)"
        let token = Array("bench-token".utf8)
        let tally = Tally()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let number = tally.next.withLock { value -> Int in value += 1; return value }
                        if number > requests { return }
                        let commit = String(format: "%040x", distinctCommits ? number : 0)
                        let body = Array(#"{"ref":"refs/heads/main","after":"\#(commit)","repository":{"full_name":"org/app"}}"#.utf8)
                        let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: token)).map { String(format: "%02x", $0) }.joined()
                        var request = HTTPClientRequest(url: url)
                        request.method = .POST
                        request.headers.add(name: "X-GitHub-Event", value: "push")
                        request.headers.add(name: "X-Hub-Signature-256", value: signature)
                        request.body = .bytes(ByteBuffer(bytes: body))
                        let sent = ContinuousClock.now
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                        _ = try await response.body.collect(upTo: 1 << 16)
                        let elapsed = GitBenchmark.seconds(ContinuousClock.now - sent)
                        tally.latencies.withLock { $0.append(elapsed) }
                        if response.status != .ok { tally.failures.withLock { $0 += 1 } }
                    }
                }
            }
            try await group.waitForAll()
        }
        let total = GitBenchmark.seconds(ContinuousClock.now - start)
        let measured = tally.latencies.withLock { $0 }
        print("receiver: \(requests) signed GitHub pushes, \(concurrency) in flight, "
              + (distinctCommits ? "each a new commit annotating a GitRepository" : "all the same commit (coalesced: verification only)"))
        print(String(format: "  %.0f requests/s (aim ≥ 2,000)   p50 %.1f ms   p99 %.1f ms   non-200 answers %d",
                     Double(requests) / total, APIServerBenchmark.percentile(measured, 0.5) * 1000,
                     APIServerBenchmark.percentile(measured, 0.99) * 1000, tally.failures.withLock { $0 }))
    }

    /// Appends events, runs the dispatcher until its cursor passes them all, and reports events per second.
    static func dispatch(events: Int, alerts: Int, api: KubernetesClient, store: Store, logger: Logger) async throws {
        let tally = Tally()
        let router = Router()
        router.post("/") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            tally.next.withLock { $0 += 1 }
            return Response(status: .ok)
        }
        let ports = AsyncStream<Int>.makeStream()
        var quiet = logger
        quiet.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { ports.continuation.yield($0.localAddress?.port ?? 0) }, logger: quiet)
        let listener = Task { try await app.runService() }
        defer { listener.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the provider listener did not start") }

        var provider = KubeObject(apiVersion: Provider.apiVersion, kind: Provider.kind, name: "local", namespace: "default")
        provider["spec"] = ["type": "generic", "address": .string("http://127.0.0.1:\(port)/")]
        _ = try await api.create(provider)
        for index in 0..<alerts {
            var alert = KubeObject(apiVersion: Alert.apiVersion, kind: Alert.kind, name: "alert-\(index)", namespace: "default")
            alert["spec"] = ["providerRef": ["name": "local"], "eventSources": [["kind": "GitRepository", "name": .string("repo-\(index)")]]]
            _ = try await api.create(alert)
        }
        let appended = try store.appendEvents((0..<events).map { number in
            Event(involvedObject: InvolvedObject(kind: "GitRepository", namespace: "default", name: "repo-\(number % max(1, alerts))",
                                                 apiVersion: GitRepository.apiVersion),
                  severity: .info, message: "stored artifact \(number)", reason: "NewArtifact", reportingController: "bench")
        })
        let last = appended.last?.id ?? 0
        let dispatcher = EventDispatcher(api: api, store: store, consumer: "bench", pollInterval: .milliseconds(5), logger: logger)
        let start = ContinuousClock.now
        let task = Task { try await dispatcher.run() }
        while try store.cursor(consumer: "bench") < last { try await Task.sleep(for: .milliseconds(5)) }
        let total = GitBenchmark.seconds(ContinuousClock.now - start)
        task.cancel()
        _ = await task.result
        print("dispatch: \(events) events from the store through \(alerts) Alerts to one local generic provider")
        print(String(format: "  %.0f events/s   %d posts received   %.2f s", Double(events) / total, tally.next.withLock { $0 }, total))
    }

    /// Counts shared by the client tasks.
    final class Tally: Sendable {
        let latencies = Mutex<[Double]>([])
        let failures = Mutex(0)
        let next = Mutex(0)
    }
}
