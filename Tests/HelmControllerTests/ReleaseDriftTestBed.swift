import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceTestSupport
@testable import HelmController

/// A real `sluice cluster serve` and a HelmRelease reconciler on it, for drift tests: each test works in its own
/// namespace on a hand-made release record (the manifest as Helm would store it).
final class ReleaseDriftTestBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let api: KubernetesClient
    let reconciler: HelmReleaseReconciler
    let context: ReconcileContext

    static func start() async throws -> ReleaseDriftTestBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-helm-drift-\(UUID().uuidString)")
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        return try ReleaseDriftTestBed(directory: directory, cluster: cluster)
    }

    private init(directory: URL, cluster: LocalCluster) throws {
        self.directory = directory
        self.cluster = cluster
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        reconciler = HelmReleaseReconciler(client: api, pollInterval: .milliseconds(100))
        let logger = Logger(label: "helm-drift-test")
        context = ReconcileContext(api: api, store: nil, events: EventRecorder(store: nil, controller: "helm-controller", logger: logger), logger: logger)
    }

    /// A fresh namespace.
    func namespace() async throws -> String {
        let name = "drift-\(UUID().uuidString.prefix(8).lowercased())"
        try await kubectl(["create", "namespace", name])
        return name
    }

    /// Revision 1 of release `name` in `namespace`, deployed, with `manifest`.
    func release(_ name: String = "web", namespace: String, manifest: String) -> HelmReleaseRecord {
        HelmReleaseRecord(name: name, info: HelmReleaseInfo(status: .deployed), manifest: manifest, version: 1, namespace: namespace)
    }

    /// A HelmRelease `web` in `namespace` with drift detection `mode` and `ignore` rules.
    func helmRelease(namespace: String, mode: String = "enabled", ignore: [IgnoreRule]? = nil) -> HelmRelease {
        HelmRelease(metadata: ObjectMeta(name: "web", namespace: namespace),
                    spec: HelmReleaseSpec(interval: .minutes(1), driftDetection: DriftDetection(mode: mode, ignore: ignore)))
    }

    /// Installs `release`'s objects as the release does: everything is missing, and correcting that creates it.
    func install(_ release: HelmReleaseRecord, object: HelmRelease) async throws {
        let missing = try await reconciler.releaseDrift(object, release: release, context: context)
        _ = try await reconciler.correctDrift(object, release: release, drift: missing, context: context)
    }

    /// An object, or `nil`.
    func object(_ apiVersion: String, _ kind: String, _ name: String, namespace: String) async throws -> KubeObject? {
        try await api.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), namespace: namespace, name: name)
    }

    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    func stop() {
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}
