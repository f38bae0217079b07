import Foundation
import Logging
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceTestSupport
@testable import HelmController

/// A real `sluice cluster serve` with workload simulation, a client, Helm's release storage in the cluster, and a
/// ``HelmActionRunner`` over them; the `hooked` fixture chart (hooks of every event and delete policy, a CRD and a
/// custom resource, test Pods, a resource kept by policy).
final class HelmActionTestBed: Sendable {
    let cluster: LocalCluster
    let api: KubernetesClient
    let storage: any ReleaseStorage
    let runner: HelmActionRunner
    /// The namespace the release and its storage live in.
    let namespace: String

    static let chartDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hooked")

    static func start(namespace: String = "apps") async throws -> HelmActionTestBed {
        let cluster = try await LocalCluster(["--simulate-delay", "100ms"])
        do {
            let bed = try HelmActionTestBed(cluster: cluster, namespace: namespace)
            try await cluster.kubectl(["create", "namespace", namespace])
            return bed
        } catch {
            cluster.stopNow()
            throw error
        }
    }

    private init(cluster: LocalCluster, namespace: String) throws {
        self.cluster = cluster
        self.namespace = namespace
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        storage = MemoryReleaseStorage(namespace: namespace)
        runner = HelmActionRunner(client: api, storage: storage, pollInterval: .milliseconds(100), logger: Logger(label: "helm-actions-test"))
    }

    func stop() { cluster.stopNow() }

    /// A request to release the fixture chart as `name` with `values`.
    func request(_ name: String = "demo", values: JSONObject = JSONObject(), timeout: Duration = .seconds(60)) throws -> HelmActionRequest {
        var request = HelmActionRequest(releaseName: name, namespace: namespace, chart: try ChartLoader().load(path: Self.chartDirectory.path),
                                        values: values)
        request.timeout = timeout
        return request
    }

    /// kubectl against the cluster.
    @discardableResult
    func kubectl(_ arguments: [String]) async throws -> String { try await cluster.kubectl(arguments) }

    /// Whether `kind/name` exists in the release namespace (or cluster-wide for cluster-scoped kinds).
    func exists(_ resource: String) async throws -> Bool {
        let output = try await kubectl(["-n", namespace, "get", resource, "--ignore-not-found", "-o", "name"])
        return !output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// A jsonpath of `resource` in the release namespace.
    func get(_ resource: String, _ jsonpath: String) async throws -> String {
        try await kubectl(["-n", namespace, "get", resource, "-o", "jsonpath=\(jsonpath)"])
    }

    /// The stored revisions of `name`, oldest first, as `version:status`.
    func history(_ name: String = "demo") async throws -> [String] {
        try await storage.history(name: name).sorted { $0.version < $1.version }.map { "\($0.version):\($0.info.status.rawValue)" }
    }
}

/// A throwaway release storage in memory, standing in for `SecretReleaseStorage` until it lands.
actor MemoryReleaseStorage: ReleaseStorage {
    nonisolated let namespace: String
    private var records: [String: HelmReleaseRecord] = [:]

    init(namespace: String) { self.namespace = namespace }

    func get(name: String, version: Int) async throws -> HelmReleaseRecord? { records["\(name).v\(version)"] }

    func history(name: String) async throws -> [HelmReleaseRecord] {
        records.values.filter { $0.name == name }.sorted { $0.version < $1.version }
    }

    func create(_ record: HelmReleaseRecord) async throws {
        let key = "\(record.name).v\(record.version)"
        guard records[key] == nil else { throw LocalClusterError("release \(key) already exists") }
        records[key] = record
    }

    func update(_ record: HelmReleaseRecord) async throws {
        let key = "\(record.name).v\(record.version)"
        guard records[key] != nil else { throw LocalClusterError("release \(key) not found") }
        records[key] = record
    }

    func delete(name: String, version: Int) async throws { records["\(name).v\(version)"] = nil }
}
