import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// What `sluice up` asks the controllers to do: a GitRepository for the repository, a Kustomization applying
/// its path, and a generic Receiver (with its token Secret) so a push can request a reconcile at once.
struct UpObjects {
    /// The namespace they live in.
    static let namespace = "sluice-system"
    /// The field manager `sluice up` applies them with.
    static let fieldManager = "sluice-up"

    /// The name of the GitRepository, the Kustomization and the Receiver.
    var name: String
    /// The Git URL.
    var url: String
    /// The branch.
    var branch: String
    /// The path in the repository.
    var path: String
    /// The Receiver's token.
    var token: String
    /// The `reconcile.fluxcd.io/requestedAt` value set on the watched objects, so this run's status can be told apart.
    var requestToken: String?

    /// The objects, namespace first.
    var all: [KubeObject] {
        [
            object(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(Self.namespace)]]),
            object([
                "apiVersion": "v1", "kind": "Secret", "metadata": metadata(name: "\(name)-webhook-token"),
                "type": "Opaque", "data": ["token": .string(Data(token.utf8).base64EncodedString())],
            ]),
            object([
                "apiVersion": .string(GitRepository.gvk.apiVersion), "kind": "GitRepository", "metadata": metadata(name: name, requested: true),
                "spec": ["interval": "1m", "url": .string(url), "ref": ["branch": .string(branch)], "timeout": "60s"],
            ]),
            object([
                "apiVersion": .string(Kustomization.gvk.apiVersion), "kind": "Kustomization", "metadata": metadata(name: name, requested: true),
                "spec": [
                    "interval": "10m", "retryInterval": "30s", "path": .string(path), "prune": true, "wait": true, "timeout": "2m",
                    "sourceRef": ["kind": "GitRepository", "name": .string(name)],
                ],
            ]),
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

    /// A name for the objects from a repository's URL or path: its last component, as a DNS label.
    static func name(forRepository repository: String) -> String {
        var last = repository.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? ""
        if last.hasSuffix(".git") { last.removeLast(4) }
        let label = String(last.lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber ? $0 : "-" })
            .split(separator: "-").joined(separator: "-")
        return label.isEmpty ? "repository" : String(label.prefix(50))
    }

    private func metadata(name: String, requested: Bool = false) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name), "namespace": .string(Self.namespace), "labels": ["app.kubernetes.io/managed-by": "sluice-up"]]
        if requested, let requestToken {
            metadata["annotations"] = [FluxAnnotations.reconcileRequest: .string(requestToken)]
        }
        return metadata
    }

    private func object(_ value: JSONValue) -> KubeObject {
        guard case .object(let root) = value else { preconditionFailure("objects are JSON objects") }
        return KubeObject(root)
    }
}
