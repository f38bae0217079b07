import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceArchive
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
@testable import HelmController

/// A real cluster with Sluice's CRDs and a real store, where the HelmRelease reconciler's `chart` and `values` steps
/// run one at a time; chart sources are given artifacts as source-controller gives them (content in the store, the
/// artifact in the source's status).
final class HelmInputsTestBed: Sendable {
    let directory: URL
    let cluster: LocalCluster
    let api: KubernetesClient
    let store: Store
    let logger = Logger(label: "helm-inputs-test")

    static func start() async throws -> HelmInputsTestBed {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-helm-inputs-\(UUID().uuidString)")
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        let bed = try HelmInputsTestBed(directory: directory, cluster: cluster)
        try await cluster.installCRDs()
        return bed
    }

    private init(directory: URL, cluster: LocalCluster) throws {
        self.directory = directory
        self.cluster = cluster
        api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        store = try Store(path: directory.appendingPathComponent("store.db").path)
    }

    /// A reconciler over the bed's cluster.
    func reconciler(noCrossNamespaceRefs: Bool = false, artifactMaxSize: Int64 = 100 << 20,
                    defaultServiceAccount: String? = nil) -> HelmReleaseReconciler
    {
        HelmReleaseReconciler(client: api, requeueDependency: .seconds(5), noCrossNamespaceRefs: noCrossNamespaceRefs,
                              artifactMaxSize: artifactMaxSize, pollInterval: .milliseconds(100),
                              impersonator: Impersonator(client: api, defaultServiceAccount: defaultServiceAccount))
    }

    /// What a step may use; events go to the store.
    var context: ReconcileContext {
        ReconcileContext(api: api, store: store, events: EventRecorder(store: store, controller: "helm-controller", instance: "test", logger: logger),
                         logger: logger)
    }

    /// Applies `yaml` with kubectl.
    @discardableResult
    func apply(_ yaml: String) async throws -> String {
        try await cluster.kubectl(["apply", "-f", "-"], input: yaml)
    }

    /// The HelmRelease `namespace/name` as the server has it.
    func helmRelease(_ name: String, namespace: String = "default") async throws -> HelmRelease {
        guard let raw = try await api.get(HelmRelease.gvk, namespace: namespace, name: name) else {
            throw LocalClusterError("HelmRelease \(namespace)/\(name) not found")
        }
        return try raw.decode(as: HelmRelease.self)
    }

    /// Runs the `chart` step, then (when it passed) the `values` step, on `object`; returns the work they filled.
    func runInputSteps(_ object: inout HelmRelease, reconciler: HelmReleaseReconciler? = nil) async throws -> HelmReleaseWork {
        let reconciler = reconciler ?? self.reconciler()
        let work = HelmReleaseWork()
        var conditions = Conditions(object.conditions, generation: object.metadata.generation)
        _ = try await reconciler.reconcileChart(&object, &conditions, context, work)
        _ = try await reconciler.reconcileValues(&object, &conditions, context, work)
        return work
    }

    /// Runs the `chart` and `values` steps and returns the ``ReconcileError`` they throw.
    func inputStepsError(_ object: inout HelmRelease, reconciler: HelmReleaseReconciler? = nil) async throws -> ReconcileError {
        do {
            _ = try await runInputSteps(&object, reconciler: reconciler)
        } catch let error as ReconcileError {
            return error
        }
        throw LocalClusterError("the steps passed")
    }

    /// Gives the source `kind` `namespace/name` (which must exist) an artifact of `content` with `revision`, as
    /// source-controller does: the content in the store, the artifact and `Ready=True` in its status.
    @discardableResult
    func publishArtifact(kind: String, namespace: String = "default", name: String, revision: String, content: [UInt8],
                         digest: String? = nil) async throws -> ArtifactRecord
    {
        let record = try store.putArtifact(kind: kind, namespace: namespace, name: name, revision: revision, content: content)
        let gvk = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: kind)
        guard let live = try await api.get(gvk, namespace: namespace, name: name) else { throw LocalClusterError("\(kind) \(name) not found") }
        let status: JSONValue = [
            "observedGeneration": .int(live.generation ?? 1),
            "conditions": [[
                "type": "Ready", "status": "True", "reason": "Succeeded", "message": "stored artifact",
                "lastTransitionTime": "2026-01-01T00:00:00Z", "observedGeneration": .int(live.generation ?? 1),
            ]],
            "artifact": [
                "path": .string("\(kind.lowercased())/\(namespace)/\(name)/artifact.tgz"),
                "url": .string("http://127.0.0.1:9090/\(kind.lowercased())/\(namespace)/\(name)/artifact.tgz"),
                "revision": .string(revision), "digest": .string(digest ?? record.digest),
                "lastUpdateTime": "2026-01-01T00:00:00Z", "size": .int(record.size),
            ],
        ]
        _ = try await api.mergePatch(gvk, namespace: namespace, name: name, patch: ["status": status], subresource: .status)
        return record
    }

    /// A packaged chart (`.tgz`): `Chart.yaml` of `name` and `version`, and `files` (paths below the chart's directory).
    static func chartArchive(name: String = "demo", version: String = "1.0.0", files: [String: String] = [:]) -> [UInt8] {
        var tar = TarWriter()
        tar.appendFile("\(name)/Chart.yaml", contents: Array("apiVersion: v2\nname: \(name)\nversion: \(version)\n".utf8))
        for (path, text) in files.sorted(by: { $0.key < $1.key }) {
            tar.appendFile("\(name)/\(path)", contents: Array(text.utf8))
        }
        tar.finish()
        let gzip = GzipCompressor()
        gzip.write(tar.bytes)
        return gzip.finish()
    }

    func stop() {
        cluster.stopNow()
        try? FileManager.default.removeItem(at: directory)
    }
}
