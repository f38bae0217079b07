import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches HelmRepositories and GitRepositories and queues the HelmCharts that use one whenever its artifact
/// changes, as Flux's source-controller does through its `.spec.sourceRef` index: a new index or commit is built at
/// once rather than at the chart's next interval, and a chart waiting for its source's first artifact starts as
/// soon as there is one. The watching is ``DependentsWatcher``'s; this is only the mapping from a source to its charts.
public struct HelmChartSourceWatcher: Service {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The queue of the HelmChart controller.
    public let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    public let namespace: String?
    /// Where failures go.
    public let logger: Logger

    /// The source kinds a HelmChart may name.
    static let sourceKinds: [GroupVersionKind] = [HelmRepository.gvk, GitRepository.gvk]

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
            try await Self.charts(using: sources, of: kind, api: api, namespace: namespace)
        }
    }

    /// Every HelmChart whose `sourceRef` names one of `sources` of `kind` (in its own namespace).
    static func charts(using sources: Set<ObjectKey>, of kind: String, api: any KubernetesAPI, namespace: String?) async throws -> [ObjectKey] {
        try await api.list(HelmChart.gvk, namespace: namespace).items.compactMap { object -> ObjectKey? in
            guard object["spec", "sourceRef", "kind"]?.stringValue == kind, let name = object["spec", "sourceRef", "name"]?.stringValue,
                sources.contains(ObjectKey(namespace: object.namespace ?? "", name: name))
            else { return nil }
            return DependentsWatcher.key(object)
        }
    }
}
