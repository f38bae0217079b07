import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube

/// Requests reconciliation of a Receiver's resources by annotating each with `reconcile.fluxcd.io/requestedAt: <now>`.
public struct ReconcileRequester: Sendable {
    /// The API the annotations are written through (and the served Receivers read back from).
    public let api: any KubernetesAPI
    /// Whether a Receiver may annotate only objects in its own namespace (`--no-cross-namespace-refs`).
    public let noCrossNamespaceRefs: Bool
    private let coalescer: RequestCoalescer
    private let logger: Logger

    /// A requester writing through `api`, coalescing repeats with `coalescer`.
    public init(api: any KubernetesAPI, coalescer: RequestCoalescer = RequestCoalescer(), noCrossNamespaceRefs: Bool = false, logger: Logger) {
        self.api = api
        self.coalescer = coalescer
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.logger = logger
    }

    /// The API version each kind a Receiver may name is served at, when `apiVersion` is not given.
    static let defaultVersions: [String: String] = [
        "GitRepository": "source.toolkit.fluxcd.io/v1", "HelmRepository": "source.toolkit.fluxcd.io/v1",
        "HelmChart": "source.toolkit.fluxcd.io/v1", "Bucket": "source.toolkit.fluxcd.io/v1",
        "OCIRepository": "source.toolkit.fluxcd.io/v1", "Kustomization": "kustomize.toolkit.fluxcd.io/v1",
        "HelmRelease": "helm.toolkit.fluxcd.io/v2", "ImageRepository": "image.toolkit.fluxcd.io/v1beta2",
        "ImagePolicy": "image.toolkit.fluxcd.io/v1beta2", "ImageUpdateAutomation": "image.toolkit.fluxcd.io/v1beta2",
    ]

    /// Annotates every object `receiver` names; `commit` (or the body's digest) keys the coalescing.
    ///
    /// - Returns: How many objects were annotated.
    /// - Throws: ``CrossNamespaceRefusal`` (after annotating the rest) when ``noCrossNamespaceRefs`` is set and a resource names
    ///   another namespace than the Receiver's, as Flux refuses it; the API's error when listing or patching fails for another
    ///   reason than a missing object.
    @discardableResult
    public func request(_ receiver: Receiver, commit: String?, body: [UInt8]) async throws -> Int {
        let key = commit ?? Hex.encode(SHA256.hash(data: body))
        let receiverNamespace = receiver.metadata.namespace ?? "default"
        let requestedAt = Timestamp.reconcileRequest()
        var annotated = 0
        var refused: [String] = []
        for resource in receiver.spec.resources {
            if noCrossNamespaceRefs, let namespace = resource.namespace, namespace != receiverNamespace {
                refused.append("\(resource.kind)/\(namespace)/\(resource.name)")
                logger.error("receiver \(receiverNamespace)/\(receiver.metadata.name): cross-namespace references are not allowed",
                             metadata: ["resource": "\(resource.kind)/\(namespace)/\(resource.name)"])
                continue
            }
            let apiVersion = resource.apiVersion ?? APIScheme.resources.first { $0.kind == resource.kind }?.apiVersion
                ?? Self.defaultVersions[resource.kind] ?? ""
            let gvk = GroupVersionKind(apiVersion: apiVersion, kind: resource.kind)
            let namespace = resource.namespace ?? receiverNamespace
            var names: [String] = []
            if resource.name == "*" {
                let wanted = resource.matchLabels ?? [:]
                names = try await api.list(gvk, namespace: namespace).items
                    .filter { object in wanted.allSatisfy { object.labels[$0.key] == $0.value } }
                    .map(\.name)
            } else {
                names = [resource.name]
            }
            for name in names {
                guard coalescer.admit(object: "\(gvk)/\(namespace)/\(name)", commit: key) else { continue }
                do {
                    _ = try await api.mergePatch(gvk, namespace: namespace, name: name,
                                                 patch: ["metadata": ["annotations": [FluxAnnotations.reconcileRequest: .string(requestedAt)]]],
                                                 subresource: nil)
                    annotated += 1
                    logger.info("reconciliation requested", metadata: ["object": "\(resource.kind)/\(namespace)/\(name)"])
                } catch KubernetesError.notFound {
                    logger.error("receiver \(receiverNamespace)/\(receiver.metadata.name): \(resource.kind) \(namespace)/\(name) not found")
                }
            }
        }
        if !refused.isEmpty { throw CrossNamespaceRefusal(resources: refused, annotated: annotated) }
        return annotated
    }
}
