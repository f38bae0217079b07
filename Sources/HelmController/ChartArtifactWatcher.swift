import Foundation
import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// Watches one chart source kind (HelmChart, OCIRepository) and queues the HelmReleases that use one whenever its
/// artifact changes, as Flux's helm-controller does through its source index: a new chart version is released at
/// once rather than at the next interval, and a HelmRelease waiting for its first chart starts as soon as there is
/// one. The watching is ``DependentsWatcher``'s; this is only the mapping from a source to its HelmReleases.
public struct ChartArtifactWatcher: Service {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The queue of the HelmRelease controller.
    public let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    public let namespace: String?
    /// Where failures go.
    public let logger: Logger
    /// The source kind watched.
    public let sourceKind: GroupVersionKind

    /// A watcher feeding `queue`.
    public init(api: any KubernetesAPI, queue: WorkQueue<ObjectKey>, namespace: String?, logger: Logger, sourceKind: GroupVersionKind) {
        self.api = api
        self.queue = queue
        self.namespace = namespace
        self.logger = logger
        self.sourceKind = sourceKind
    }

    /// Lists and watches until cancelled or shut down.
    public func run() async throws {
        let kind = sourceKind.kind
        let namespace = namespace
        try await DependentsWatcher(api: api, kind: sourceKind, namespace: namespace, queue: queue, logger: logger,
                                    fingerprint: DependentsWatcher.artifactDigest) { api, sources in
            try await api.list(HelmRelease.gvk, namespace: namespace).items.compactMap { object in
                Self.source(of: object, kind: kind).flatMap { sources.contains($0) ? DependentsWatcher.key(object) : nil }
            }
        }.run()
    }

    /// The source of `kind` a HelmRelease (as listed) takes its chart from: its `chartRef`, or for a HelmChart the
    /// one made from its `spec.chart` (`status.helmChart`, `<namespace>/<name>`).
    static func source(of object: KubeObject, kind: String) -> ObjectKey? {
        if let reference = object["spec", "chartRef"] {
            guard reference["kind"]?.stringValue == kind, let name = reference["name"]?.stringValue else { return nil }
            return ObjectKey(namespace: reference["namespace"]?.stringValue ?? object.namespace ?? "", name: name)
        }
        guard kind == HelmChart.kind, let chart = object["status", "helmChart"]?.stringValue,
            let slash = chart.firstIndex(of: "/")
        else { return nil }
        return ObjectKey(namespace: String(chart[..<slash]), name: String(chart[chart.index(after: slash)...]))
    }
}
