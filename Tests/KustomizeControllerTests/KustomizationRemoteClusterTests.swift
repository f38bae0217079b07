import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import KustomizeController

/// `spec.kubeConfig` end to end: two `sluice cluster serve` processes, the hub (the bed's cluster, where the
/// Kustomization, its source and the kubeconfig Secret live) and the spoke, whose kubeconfig the Secret holds.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct KustomizationRemoteClusterTests {
    /// The hub's controller, with `options` as `--insecure-kubeconfig-exec` / `--insecure-kubeconfig-tls`.
    static func controller(_ bed: KustomizeTestBed, options: RemoteClusterClient.Options = .init()) -> Controller<KustomizationReconciler> {
        let reconciler = KustomizationReconciler(client: bed.api, workDirectory: bed.directory, pollInterval: .milliseconds(100),
                                                 metrics: bed.metrics, impersonator: Impersonator(client: bed.api, remoteOptions: options))
        return Controller(reconciler: reconciler, api: bed.api, store: bed.store,
                          events: EventRecorder(store: bed.store, controller: "kustomize-controller", instance: "test", logger: bed.logger),
                          metrics: bed.metrics, logger: bed.logger)
    }

    static func kubeConfig(_ secret: String, key: String? = nil) -> String {
        """
          kubeConfig:
            secretRef:
              name: \(secret)
        \(key.map { "      key: \($0)" } ?? "")
        """
    }

    @Test func appliesHealthChecksAndPrunesInTheSpokeOnly() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let spoke = try await LocalCluster(["--simulate-delay", "100ms"])
        defer { spoke.stopNow(); try? FileManager.default.removeItem(at: spoke.directory) }
        let spokeAPI = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: spoke.kubeconfig, environment: .init(variables: [:])))
        // The README's recipe.
        try await bed.kubectl(["create", "secret", "generic", "cluster-b", "--from-file=value=\(spoke.kubeconfig)"])
        let first = try await bed.publish(["deploy/config.yaml": Manifests.configMap("remote-settings"),
                                           "deploy/deployment.yaml": Manifests.deployment("remote-web")])
        try await bed.applyKustomization("remote", timeout: "2m", extra: "  wait: true\n" + Self.kubeConfig("cluster-b"))
        let controller = Self.controller(bed)
        let key = ObjectKey(namespace: "default", name: "remote")

        let outcome = await controller.reconcile(key)
        #expect(outcome.isReady, "\(outcome.report)")
        let applied = try await bed.kustomization("remote")
        #expect(applied.conditions.first?.message == "Applied revision: \(first)")
        #expect(applied.status?.inventory?.entries.map(\.id) == ["default_remote-settings__ConfigMap", "default_remote-web_apps_Deployment"])
        let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        let remoteConfig = try #require(try await spokeAPI.get(configMap, namespace: "default", name: "remote-settings"))
        #expect(remoteConfig.labels["kustomize.toolkit.fluxcd.io/name"] == "remote")
        #expect(remoteConfig.managedFields.contains { $0["manager"]?.stringValue == "kustomize-controller" })
        // `wait: true` passed: the Deployment's rollout was read from the spoke, where alone it exists.
        #expect(try await spokeAPI.get(deployment, namespace: "default", name: "remote-web")?["status", "readyReplicas"] == .int(2))
        #expect(try await bed.object("v1", "ConfigMap", "remote-settings") == nil)
        #expect(try await bed.object("apps/v1", "Deployment", "remote-web") == nil)

        // Removed from Git: pruned from the spoke.
        try await bed.publish([:], removing: ["deploy/config.yaml"])
        let pruned = await controller.reconcile(key)
        #expect(pruned.isReady, "\(pruned.report)")
        #expect(try await spokeAPI.get(configMap, namespace: "default", name: "remote-settings") == nil)
        #expect(try await spokeAPI.get(deployment, namespace: "default", name: "remote-web") != nil)
        #expect(try await bed.kustomization("remote").status?.inventory?.entries.map(\.id) == ["default_remote-web_apps_Deployment"])
    }

    @Test func unusableKubeconfigSecretsFailWithANamedMessageAndApplyNothing() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let spoke = try await LocalCluster()
        defer { spoke.stopNow(); try? FileManager.default.removeItem(at: spoke.directory) }
        let spokeAPI = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: spoke.kubeconfig, environment: .init(variables: [:])))
        try await bed.kubectl(["create", "secret", "generic", "cluster-b", "--from-file=value=\(spoke.kubeconfig)"])
        let token = spoke.token
        let exec = """
            apiVersion: v1
            kind: Config
            current-context: b
            clusters: [{name: b, cluster: {server: "\(spoke.baseURL)", certificate-authority-data: "\(try Data(contentsOf: spoke.caCertificate).base64EncodedString())"}}]
            users:
            - name: b
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: [-c, 'printf %s "$CREDENTIAL"']
                  env:
                  - name: CREDENTIAL
                    value: '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"\(token)"}}'
            contexts: [{name: b, context: {cluster: b, user: b}}]
            """
        try await bed.kubectl(["create", "secret", "generic", "exec-b", "--from-literal=value=\(exec)"])
        try await bed.publish(["deploy/config.yaml": Manifests.configMap("never-applied")])
        let cases: [(name: String, spec: String, message: String)] = [
            ("missing-secret", Self.kubeConfig("nope"), "KubeConfig secret 'default/nope' not found"),
            ("missing-key", Self.kubeConfig("cluster-b", key: "other"), "KubeConfig secret 'default/cluster-b' does not contain a 'other' key with a kubeconfig"),
            ("exec", Self.kubeConfig("exec-b"),
             "kubeconfig Secret 'default/exec-b' key 'value': user \"b\": exec credential plugins are refused unless the controller runs with --insecure-kubeconfig-exec"),
        ]
        let controller = Self.controller(bed)
        for (name, spec, message) in cases {
            try await bed.applyKustomization(name, extra: spec)
            let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(!outcome.isReady, "\(name): \(outcome.report)")
            let object = try await bed.kustomization(name)
            let ready = try #require(object.conditions.first { $0.type == "Ready" })
            #expect(ready.status == .false)
            #expect(ready.message.contains(message), "\(name): \(ready.message)")
            #expect(!ready.message.contains(token), "no Secret value in the status")
            #expect(object.status?.inventory?.entries.isEmpty ?? true, "\(name)")
            #expect(try bed.events(for: name).allSatisfy { !$0.message.contains(token) })
        }
        let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")
        #expect(try await bed.object("v1", "ConfigMap", "never-applied") == nil)
        #expect(try await spokeAPI.get(configMap, namespace: "default", name: "never-applied") == nil)

        // The same exec kubeconfig under --insecure-kubeconfig-exec: the plugin's token reaches the spoke.
        let allowed = await Self.controller(bed, options: .init(allowExec: true)).reconcile(ObjectKey(namespace: "default", name: "exec"))
        #expect(allowed.isReady, "\(allowed.report)")
        #expect(try await spokeAPI.get(configMap, namespace: "default", name: "never-applied") != nil)
        #expect(try await bed.object("v1", "ConfigMap", "never-applied") == nil)
    }
}
