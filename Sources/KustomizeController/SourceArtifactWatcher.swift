import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches one source kind (GitRepository, OCIRepository) and queues the Kustomizations that use one whenever its
/// artifact changes, as Flux's kustomize-controller does through its source index, so that a new commit is applied at
/// once rather than at the next interval, and a Kustomization waiting for its first artifact starts as soon as there
/// is one. The watching is ``DependentsWatcher``'s; this is only the mapping from a source to its Kustomizations.
public struct SourceArtifactWatcher: Service {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The queue of the Kustomization controller.
    public let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    public let namespace: String?
    /// Where failures go.
    public let logger: Logger
    /// The source kind watched.
    public let sourceKind: GroupVersionKind

    /// A watcher feeding `queue`.
    public init(api: any KubernetesAPI, queue: WorkQueue<ObjectKey>, namespace: String?, logger: Logger,
                sourceKind: GroupVersionKind = GitRepository.gvk)
    {
        self.sourceKind = sourceKind
        self.api = api
        self.queue = queue
        self.namespace = namespace
        self.logger = logger
    }

    /// Lists and watches until cancelled or shut down.
    public func run() async throws {
        let kind = sourceKind.kind
        let namespace = namespace
        try await DependentsWatcher(api: api, kind: sourceKind, namespace: namespace, queue: queue, logger: logger,
                                    fingerprint: DependentsWatcher.artifactDigest) { api, sources in
            try await Self.kustomizations(using: sources, of: kind, api: api, namespace: namespace)
        }.run()
    }

    /// Every Kustomization whose `sourceRef` names one of `sources` of `kind` (in the Kustomization's namespace unless
    /// the reference names another).
    static func kustomizations(using sources: Set<ObjectKey>, of kind: String, api: any KubernetesAPI, namespace: String?) async throws -> [ObjectKey] {
        try await api.list(Kustomization.gvk, namespace: namespace).items.compactMap { object -> ObjectKey? in
            guard object["spec", "sourceRef", "kind"]?.stringValue == kind, let name = object["spec", "sourceRef", "name"]?.stringValue else { return nil }
            let sourceNamespace = object["spec", "sourceRef", "namespace"]?.stringValue ?? object.namespace ?? ""
            return sources.contains(ObjectKey(namespace: sourceNamespace, name: name)) ? DependentsWatcher.key(object) : nil
        }
    }
}
