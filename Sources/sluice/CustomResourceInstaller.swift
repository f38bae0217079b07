import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// Installs Sluice's CustomResourceDefinitions (the ones `Config/crd` holds, rendered from the same API types) and
/// waits until the API serves them.
struct CustomResourceInstaller {
    /// The CRD kind.
    static let gvk = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")

    /// The cluster.
    var client: KubernetesClient

    /// Applies every CRD, then waits until each is `Established` (or `timeout` passes).
    func install(timeout: Duration) async throws {
        let renderer = CustomResourceDefinitionRenderer()
        var names: [String] = []
        for resource in APIScheme.resources {
            guard case .object(let root) = renderer.definition(for: resource) else { continue }
            let definition = KubeObject(root)
            names.append(definition.name)
            do {
                try await client.apply(definition, fieldManager: UpObjects.fieldManager, force: true)
            } catch {
                throw CLIError("cannot install CustomResourceDefinition \(definition.name): \(error)")
            }
        }
        try await waitEstablished(names, timeout: timeout)
    }

    /// Waits until every CRD in `names` is `Established` (or `timeout` passes).
    func waitEstablished(_ names: [String], timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        for name in names {
            while true {
                let definition = try await client.get(Self.gvk, namespace: nil, name: name)
                let established = (definition?["status", "conditions"]?.arrayValue ?? []).contains {
                    $0.objectValue?["type"]?.stringValue == "Established" && $0.objectValue?["status"]?.stringValue == "True"
                }
                if established { break }
                guard ContinuousClock.now < deadline else {
                    throw CLIError("CustomResourceDefinition \(name) was not established within \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
