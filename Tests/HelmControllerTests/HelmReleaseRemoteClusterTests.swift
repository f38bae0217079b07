import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// `spec.kubeConfig` end to end for the helm-controller: two `sluice cluster serve` processes, the hub (the
/// HelmRelease, its HelmChart and the kubeconfig Secret) and the spoke, where the release is installed — its objects
/// and Helm's storage Secret — and uninstalled.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct HelmReleaseRemoteClusterTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    static func helmRelease(_ secret: String, key: String? = nil) -> String {
        HelmReleaseReconcileTests.helmRelease(extra: """
              kubeConfig:
                secretRef:
                  name: \(secret)
            \(key.map { "      key: \($0)" } ?? "")
            """)
    }

    @Test func installsUpgradesAndUninstallsInTheSpoke() async throws {
        let (bed, _) = try await HelmReleaseReconcileTests.start()
        defer { bed.stop() }
        let spoke = try await LocalCluster()
        defer { spoke.stopNow(); try? FileManager.default.removeItem(at: spoke.directory) }
        let spokeAPI = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: spoke.kubeconfig, environment: .init(variables: [:])))
        try await bed.cluster.kubectl(["create", "secret", "generic", "cluster-b", "--from-file=value.yaml=\(spoke.kubeconfig)"])
        let reconciler = HelmReleaseReconciler(client: bed.api, requeueDependency: .seconds(5), pollInterval: .milliseconds(100),
                                               impersonator: Impersonator(client: bed.api))
        let controller = Controller(reconciler: reconciler, api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        try await bed.apply(Self.helmRelease("cluster-b"))

        var outcome = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(outcome.isReady, "\(outcome.report)")
        let object = try await bed.helmRelease("demo")
        #expect(object.conditions.first { $0.type == "Ready" }?.message == "Helm install succeeded for release default/demo.v1 with chart demo@1.0.0")
        #expect(try await spokeAPI.get(Self.configMap, namespace: "default", name: "demo-settings")?["data", "greeting"] == "hi")
        let storage = try #require(try await spokeAPI.get(Self.secret, namespace: "default", name: "sh.helm.release.v1.demo.v1"))
        #expect(storage.labels["owner"] == "helm" && storage.labels["status"] == "deployed")
        #expect(try await bed.api.get(Self.configMap, namespace: "default", name: "demo-settings") == nil)
        #expect(try await bed.api.get(Self.secret, namespace: "default", name: "sh.helm.release.v1.demo.v1") == nil)

        // New values: revision 2 in the spoke.
        try await bed.apply(HelmReleaseReconcileTests.helmRelease(values: "greeting: bonjour", extra: """
              kubeConfig:
                secretRef:
                  name: cluster-b
            """))
        outcome = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(try await spokeAPI.get(Self.configMap, namespace: "default", name: "demo-settings")?["data", "greeting"] == "bonjour")
        #expect(try await spokeAPI.get(Self.secret, namespace: "default", name: "sh.helm.release.v1.demo.v2") != nil)

        // Deletion uninstalls from the spoke.
        try await bed.cluster.kubectl(["delete", "helmrelease", "demo", "--wait=false"])
        outcome = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(outcome == .finalized, "\(outcome.report)")
        #expect(try await spokeAPI.get(Self.configMap, namespace: "default", name: "demo-settings") == nil)
        #expect(try await spokeAPI.get(Self.secret, namespace: "default", name: "sh.helm.release.v1.demo.v2") == nil)
    }

    @Test func unusableKubeconfigSecretsFailWithANamedMessageAndInstallNothing() async throws {
        let (bed, _) = try await HelmReleaseReconcileTests.start()
        defer { bed.stop() }
        try await bed.cluster.kubectl(["create", "secret", "generic", "exec-b", "--from-literal=value=" + """
            apiVersion: v1
            kind: Config
            current-context: b
            clusters: [{name: b, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: b, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/true}}}]
            contexts: [{name: b, context: {cluster: b, user: b}}]
            """])
        let reconciler = HelmReleaseReconciler(client: bed.api, requeueDependency: .seconds(5), pollInterval: .milliseconds(100),
                                               impersonator: Impersonator(client: bed.api))
        let controller = Controller(reconciler: reconciler, api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        for (secret, key, message) in [
            ("nope", nil, "KubeConfig secret 'default/nope' not found"),
            ("exec-b", "other", "KubeConfig secret 'default/exec-b' does not contain a 'other' key with a kubeconfig"),
            ("exec-b", nil, "kubeconfig Secret 'default/exec-b' key 'value': user \"b\": exec credential plugins are refused unless the controller runs with --insecure-kubeconfig-exec"),
        ] as [(String, String?, String)] {
            try await bed.apply(Self.helmRelease(secret, key: key))
            let outcome = await controller.reconcile(HelmReleaseReconcileTests.key)
            #expect(!outcome.isReady, "\(outcome.report)")
            let ready = try #require(try await bed.helmRelease("demo").conditions.first { $0.type == "Ready" })
            #expect(ready.status == .false)
            #expect(ready.message.contains(message), "\(ready.message)")
        }
        #expect(try await bed.api.get(Self.configMap, namespace: "default", name: "demo-settings") == nil)
        let storage = try await bed.cluster.kubectl(["get", "secrets", "-l", "owner=helm", "-o", "name"])
        #expect(storage.isEmpty, "\(storage)")
    }
}
