import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// What `sluice up` asks the controllers to do: the namespace, Flux's sync objects (a GitRepository for the repository
/// and a Kustomization applying its path, both `flux-system/flux-system` unless `--namespace`/`--name` say otherwise,
/// as `flux bootstrap` leaves them), and a generic Receiver (with its token Secret) so a push can request a reconcile
/// at once.
struct UpObjects {
    /// The field manager `sluice up` applies them with.
    static let fieldManager = "sluice-up"

    /// The GitRepository and the Kustomization, as Flux's `gotk-sync.yaml` has them (no credentials Secret: `sluice up`
    /// reads public or local repositories).
    var sync: SyncObjects
    /// The Receiver's token.
    var token: String
    /// The `reconcile.fluxcd.io/requestedAt` value set on the watched objects, so this run's status can be told apart.
    var requestToken: String?

    /// The controllers' ServiceAccounts and RBAC (``Components/accessObjects``), applied right after the namespace.
    var access: [KubeObject] = []

    /// The namespace they live in.
    var namespace: String { sync.namespace }
    /// The name of the GitRepository, the Kustomization and the Receiver.
    var name: String { sync.name }

    /// The objects, namespace first, then ``access``.
    var all: [KubeObject] {
        [object(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])] + access + [
            object([
                "apiVersion": "v1", "kind": "Secret", "metadata": metadata(name: "\(name)-webhook-token"),
                "type": "Opaque", "data": ["token": .string(Data(token.utf8).base64EncodedString())],
            ]),
            labelled(sync.gitRepository),
            labelled(sync.kustomization),
            object([
                "apiVersion": .string(Receiver.gvk.apiVersion), "kind": "Receiver", "metadata": metadata(name: name, requested: true),
                "spec": [
                    "type": "generic", "secretRef": ["name": .string("\(name)-webhook-token")],
                    "resources": [["apiVersion": .string(GitRepository.gvk.apiVersion), "kind": "GitRepository", "name": .string(name)]],
                ],
            ]),
        ]
    }

    /// The Flux objects `sluice up` waits for, in the order they become ready.
    var watched: [(FluxKind, String)] { [(.gitRepository, name), (.kustomization, name), (.receiver, name)] }

    /// Server-side applies every object (idempotent: a second `sluice up` updates what changed, such as `--branch`).
    func apply(client: KubernetesClient) async throws {
        for object in all {
            do {
                try await client.apply(object, fieldManager: Self.fieldManager, force: true)
            } catch {
                throw CLIError("cannot apply \(object.kind) \(object.namespace.map { "\($0)/" } ?? "")\(object.name): \(error)",
                               hint: "see the API server's log in the data directory's logs/apiserver.log")
            }
        }
    }

    private func metadata(name: String, requested: Bool = false) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace), "labels": ["app.kubernetes.io/managed-by": "sluice-up"]]
        if requested, let requestToken {
            metadata["annotations"] = [FluxAnnotations.reconcileRequest: .string(requestToken)]
        }
        return metadata
    }

    /// A sync object with `sluice up`'s label and this run's reconcile request.
    private func labelled(_ object: KubeObject) -> KubeObject {
        var object = object
        object.root["metadata"] = metadata(name: object.name, requested: true)
        return object
    }

    private func object(_ value: JSONValue) -> KubeObject {
        guard case .object(let root) = value else { preconditionFailure("objects are JSON objects") }
        return KubeObject(root)
    }
}
