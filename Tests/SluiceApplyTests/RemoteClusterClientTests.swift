import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceTestSupport
import Testing

/// `spec.kubeConfig` Secrets against two real `sluice cluster serve` processes: a hub (A) holding the spoke's (B)
/// kubeconfig in a Secret, as `kubectl create secret generic … --from-file=value=…` makes it.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs sluice and kubectl"))
struct RemoteClusterClientTests {
    static let configMap = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    /// Two clusters and the hub's own client.
    struct Clusters {
        let hub: LocalCluster
        let spoke: LocalCluster
        let hubClient: KubernetesClient
        let spokeClient: KubernetesClient

        static func start() async throws -> Clusters {
            let hub = try await LocalCluster()
            let spoke = try await LocalCluster()
            func client(_ cluster: LocalCluster) throws -> KubernetesClient {
                var configuration = try ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:]))
                configuration.qps = 17
                configuration.burst = 23
                return try KubernetesClient(configuration: configuration)
            }
            return Clusters(hub: hub, spoke: spoke, hubClient: try client(hub), spokeClient: try client(spoke))
        }

        func stop() {
            hub.stopNow()
            spoke.stopNow()
            try? FileManager.default.removeItem(at: hub.directory)
            try? FileManager.default.removeItem(at: spoke.directory)
        }

        func remote(_ reference: KubeConfigReference, options: RemoteClusterClient.Options = .init()) async throws -> KubernetesClient {
            try await RemoteClusterClient.client(for: reference, namespace: "default", using: hubClient, options: options)
        }

        func refusal(_ reference: KubeConfigReference, options: RemoteClusterClient.Options = .init()) async -> String {
            do {
                _ = try await remote(reference, options: options)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
    }

    @Test func theSecretsKubeconfigReachesTheSpokeNotTheHub() async throws {
        let clusters = try await Clusters.start()
        defer { clusters.stop() }
        try await clusters.hub.kubectl(["create", "secret", "generic", "cluster-b", "--from-file=value=\(clusters.spoke.kubeconfig)"])
        let reference = KubeConfigReference(secretRef: SecretKeyReference(name: "cluster-b"))
        let remote = try await clusters.remote(reference)
        #expect(remote.configuration.server == clusters.spoke.baseURL)
        #expect(remote.configuration.qps == 17 && remote.configuration.burst == 23, "the controller's rate limits")
        #expect(remote.configuration.source == "kubeconfig Secret 'default/cluster-b' key 'value'")
        _ = try await remote.create(KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "from-hub", namespace: "default"))
        #expect(try await clusters.spokeClient.get(Self.configMap, namespace: "default", name: "from-hub") != nil)
        #expect(try await clusters.hubClient.get(Self.configMap, namespace: "default", name: "from-hub") == nil)

        // Unchanged Secret: the same client (its discovery kept); changed: a new one, never the old.
        #expect(try await clusters.remote(reference) === remote)
        #expect(try await clusters.remote(reference, options: .init(allowExec: true)) !== remote)
        let hubKubeconfig = clusters.hub.directory.appendingPathComponent("kubeconfig").path
        try await clusters.hub.kubectl(["create", "secret", "generic", "cluster-b", "--from-file=value=\(hubKubeconfig)",
                                        "--dry-run=client", "-o", "yaml"]).write(toFile: clusters.hub.directory.appendingPathComponent("s.yaml").path,
                                                                                     atomically: true, encoding: .utf8)
        try await clusters.hub.kubectl(["apply", "-f", clusters.hub.directory.appendingPathComponent("s.yaml").path])
        let changed = try await clusters.remote(reference)
        #expect(changed !== remote)
        #expect(changed.configuration.server == clusters.hub.baseURL)
    }

    @Test func keysAreLookedUpAsFluxDoes() async throws {
        let clusters = try await Clusters.start()
        defer { clusters.stop() }
        let path = clusters.spoke.kubeconfig
        try await clusters.hub.kubectl(["create", "secret", "generic", "yaml-key", "--from-file=value.yaml=\(path)"])
        try await clusters.hub.kubectl(["create", "secret", "generic", "custom", "--from-file=spoke=\(path)", "--from-literal=value=garbage: ["])
        #expect(try await clusters.remote(.init(secretRef: .init(name: "yaml-key"))).configuration.source
            == "kubeconfig Secret 'default/yaml-key' key 'value.yaml'")
        #expect(try await clusters.remote(.init(secretRef: .init(name: "custom", key: "spoke"))).configuration.server == clusters.spoke.baseURL)
        let garbage = await clusters.refusal(.init(secretRef: .init(name: "custom")))
        #expect(garbage.hasPrefix("kubeconfig Secret 'default/custom' key 'value': invalid YAML"), "\(garbage)")

        #expect(await clusters.refusal(.init(secretRef: .init(name: "missing")))
            == "KubeConfig secret 'default/missing' not found")
        #expect(await clusters.refusal(.init(secretRef: .init(name: "yaml-key", key: "other")))
            == "KubeConfig secret 'default/yaml-key' does not contain a 'other' key with a kubeconfig")
        try await clusters.hub.kubectl(["create", "secret", "generic", "empty", "--from-literal=unrelated=x"])
        #expect(await clusters.refusal(.init(secretRef: .init(name: "empty")))
            == "KubeConfig secret 'default/empty' does not contain a 'value' key with a kubeconfig")
        #expect(await clusters.refusal(.init(provider: "aws", cluster: "arn:aws:eks:eu-west-1:1:cluster/b"))
            == "spec.kubeConfig.provider 'aws' is not supported: only 'generic' (a kubeconfig Secret in spec.kubeConfig.secretRef)")
        #expect(await clusters.refusal(.init(address: "https://b.example", secretRef: .init(name: "custom")))
            == "spec.kubeConfig.address is not supported for the generic provider")
        #expect(await clusters.refusal(.init()) == "invalid spec.kubeConfig: spec.kubeConfig.secretRef.name is required")
    }

    @Test func execAndInsecureTLSNeedTheirFlags() async throws {
        let clusters = try await Clusters.start()
        defer { clusters.stop() }
        let exec = """
            apiVersion: v1
            kind: Config
            current-context: b
            clusters: [{name: b, cluster: {server: "\(clusters.spoke.baseURL)", insecure-skip-tls-verify: true}}]
            users: [{name: b, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/false}}}]
            contexts: [{name: b, context: {cluster: b, user: b}}]
            """
        try await clusters.hub.kubectl(["create", "secret", "generic", "exec", "--from-literal=value=\(exec)"])
        let source = "kubeconfig Secret 'default/exec' key 'value'"
        #expect(await clusters.refusal(.init(secretRef: .init(name: "exec")))
            == "\(source): cluster \"b\": insecure-skip-tls-verify is refused unless the controller runs with --insecure-kubeconfig-tls")
        #expect(await clusters.refusal(.init(secretRef: .init(name: "exec")), options: .init(allowInsecureTLS: true))
            == "\(source): user \"b\": exec credential plugins are refused unless the controller runs with --insecure-kubeconfig-exec")
        let allowed = try await clusters.remote(.init(secretRef: .init(name: "exec")), options: .init(allowExec: true, allowInsecureTLS: true))
        #expect(allowed.configuration.credentials == .exec(ExecCredentialCommand(command: "/bin/false")))
        await #expect(throws: KubernetesError.unauthorized("exec plugin false exited with status 1")) {
            _ = try await allowed.get(Self.configMap, namespace: "default", name: "x")
        }
    }
}
