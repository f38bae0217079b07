import Foundation
import SluiceCore
import SluiceKube

extension GlobalOptions {
    /// The object, or a clear error naming it when it does not exist or the cluster cannot be reached.
    func object(_ kind: FluxKind, name: String, namespace: String, client: KubernetesClient) async throws -> KubeObject {
        let found: KubeObject?
        do {
            found = try await client.get(kind.gvk, namespace: namespace, name: name)
        } catch {
            throw unreachable(error, client: client)
        }
        guard let found else {
            throw CLIError("\(kind.gvk.kind) \(namespace)/\(name) not found",
                           hint: "list them with: sluice get \(kind.heading)s -n \(namespace) (or -A for every namespace)")
        }
        return found
    }

    /// The objects of a kind in `namespace` (every namespace for `nil`), sorted by namespace and name.
    func objects(_ kind: FluxKind, namespace: String?, client: KubernetesClient) async throws -> [KubeObject] {
        do {
            return try await client.list(kind.gvk, namespace: namespace).items
                .sorted { ($0.namespace ?? "", $0.name) < ($1.namespace ?? "", $1.name) }
        } catch {
            throw unreachable(error, client: client)
        }
    }

    /// A merge patch with a clear error.
    func patch(_ kind: FluxKind, name: String, namespace: String, patch: JSONValue, client: KubernetesClient) async throws -> KubeObject {
        do {
            return try await client.mergePatch(kind.gvk, namespace: namespace, name: name, patch: patch, subresource: nil)
        } catch {
            throw CLIError("cannot update \(kind.gvk.kind) \(namespace)/\(name): \(error)",
                           hint: "check that it exists (sluice get \(kind.heading)s -n \(namespace)) and that you may patch it")
        }
    }

    /// Why the cluster could not answer, as a CLI error.
    func unreachable(_ error: any Error, client: KubernetesClient) -> CLIError {
        CLIError("cannot read from the cluster at \(client.configuration.displayServer): \(error)",
                 hint: "is the cluster up and are the Flux CRDs installed? (sluice cluster serve; kubectl apply -k Config/crd)")
    }
}
