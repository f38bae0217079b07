import Foundation
import SluiceCore
import SluiceKube

/// Applies Sluice's components to a cluster with server-side apply and waits until they are ready: the namespace and
/// CRDs first (each CRD `Established`), then the rest, then every controller's Deployment available at its generation.
///
/// Idempotent: applying the same components again changes nothing; a newer version's components replace the older
/// ones' fields (the field manager owns them all).
struct ComponentsInstaller {
    /// The field manager Sluice's installs apply with (Flux's CLI uses `flux`).
    static let fieldManager = "sluice"
    /// The Deployment kind.
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    var client: KubernetesClient

    /// Applies `components`' objects in order; prints one line per object kind applied.
    func apply(_ components: Components, timeout: Duration) async throws {
        let objects = components.objects
        let first = objects.filter { $0.kind == "Namespace" || $0.kind == "CustomResourceDefinition" }
        for object in first { try await applyOne(object) }
        // The rest may be custom resources or depend on them: the CRDs must be served first.
        let definitions = first.filter { $0.kind == "CustomResourceDefinition" }.map(\.name)
        try await CustomResourceInstaller(client: client).waitEstablished(definitions, timeout: timeout)
        for object in objects where object.kind != "Namespace" && object.kind != "CustomResourceDefinition" {
            try await applyOne(object)
        }
        Terminal.err("✔ applied \(objects.count) objects of Sluice v\(components.version) in \(components.namespace)")
    }

    /// Server-side applies one object, with an error naming it.
    func applyOne(_ object: KubeObject) async throws {
        do {
            try await client.apply(object, fieldManager: Self.fieldManager, force: true)
        } catch {
            throw CLIError("cannot apply \(object.kind) \(object.namespace.map { "\($0)/" } ?? "")\(object.name): \(error)",
                           hint: "is the cluster reachable and may you create cluster-wide objects? (sluice check --pre)")
        }
    }

    /// Waits until every controller's Deployment in `namespace` is available at its generation, printing each once.
    func waitForControllers(namespace: String, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        for controller in Components.controllers {
            while true {
                let deployment = try await client.get(Self.deployment, namespace: namespace, name: controller)
                if let deployment, Self.isReady(deployment) {
                    Terminal.err("✔ \(controller): deployment ready")
                    break
                }
                guard ContinuousClock.now < deadline else {
                    throw CLIError("Deployment \(namespace)/\(controller) is not ready after \(timeout)",
                                   hint: "kubectl -n \(namespace) describe deployment \(controller)")
                }
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }

    /// Whether a Deployment rolled out its current generation and has all its replicas available (kstatus' rule).
    static func isReady(_ deployment: KubeObject) -> Bool {
        let replicas = deployment["spec", "replicas"]?.intValue ?? 1
        let status = deployment["status"]
        return status?["observedGeneration"]?.intValue == deployment.generation
            && (status?["updatedReplicas"]?.intValue ?? 0) >= replicas
            && (status?["availableReplicas"]?.intValue ?? 0) >= replicas
    }
}
