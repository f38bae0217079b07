import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches the source kinds an ArtifactGenerator reads and queues the generators that read one whenever its artifact
/// changes, as source-watcher's source index does: a new commit is composed at once, not at the next hour. The
/// watching is ``DependentsWatcher``'s; this is only the mapping from a source to its generators.
public struct ArtifactGeneratorSourceWatcher: Service {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The queue of the ArtifactGenerator controller.
    public let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    public let namespace: String?
    /// Where failures go.
    public let logger: Logger

    /// The source kinds a generator may read.
    static let sourceKinds: [GroupVersionKind] = [GitRepository.gvk, OCIRepository.gvk, HelmChart.gvk, ExternalArtifact.gvk]

    /// A watcher feeding `queue`.
    public init(api: any KubernetesAPI, queue: WorkQueue<ObjectKey>, namespace: String?, logger: Logger) {
        self.api = api
        self.queue = queue
        self.namespace = namespace
        self.logger = logger
    }

    /// Lists and watches every source kind until cancelled or shut down.
    public func run() async throws {
        let namespace = namespace
        await DependentsWatcher.runArtifactWatchers(api: api, kinds: Self.sourceKinds, namespace: namespace, queue: queue,
                                                    logger: logger) { api, sources, kind in
            try await Self.generators(using: sources, of: kind, api: api, namespace: namespace)
        }
    }

    /// Every ArtifactGenerator with a source of `kind` among `sources` (its namespace defaulting to the generator's).
    static func generators(using sources: Set<ObjectKey>, of kind: String, api: any KubernetesAPI, namespace: String?) async throws -> [ObjectKey] {
        try await api.list(ArtifactGenerator.gvk, namespace: namespace).items.compactMap { object -> ObjectKey? in
            let uses = (object["spec", "sources"]?.arrayValue ?? []).contains { source in
                guard source["kind"]?.stringValue == kind, let name = source["name"]?.stringValue else { return false }
                let namespace = source["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? object.namespace ?? ""
                return sources.contains(ObjectKey(namespace: namespace, name: name))
            }
            return uses ? DependentsWatcher.key(object) : nil
        }
    }
}
