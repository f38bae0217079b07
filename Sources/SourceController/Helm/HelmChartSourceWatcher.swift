import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches HelmRepositories and GitRepositories and queues the HelmCharts that use one whenever its artifact
/// changes, as Flux's source-controller does through its `.spec.sourceRef` index: a new index or commit is built at
/// once rather than at the chart's next interval, and a chart waiting for its source's first artifact starts as
/// soon as there is one.
///
/// The same shape as the kustomize-controller's `SourceArtifactWatcher`, for other kinds; both can become one
/// runtime type once every controller's sources are known.
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
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for kind in Self.sourceKinds { group.addTask { await watch(kind) } }
            }
        }
    }

    /// Lists and watches one source kind, queueing the charts of each source whose artifact digest changes.
    private func watch(_ kind: GroupVersionKind) async {
        var digests: [ObjectKey: String] = [:]
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await api.list(kind, namespace: namespace)
                var changed: [ObjectKey] = []
                for object in list.items where record(object, in: &digests) { changed.append(Self.key(object)) }
                try await requeue(kind.kind, changed)
                failures = 0
                var resourceVersion = list.resourceVersion
                for try await event in api.watch(kind, namespace: namespace, resourceVersion: resourceVersion) {
                    if let version = event.object.resourceVersion { resourceVersion = version }
                    guard event.type != .bookmark, event.type != .deleted else { continue }
                    if record(event.object, in: &digests) { try await requeue(kind.kind, [Self.key(event.object)]) }
                }
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                let delay = Backoff(base: .milliseconds(500), cap: .seconds(30)).delay(failures: failures)
                if case KubernetesError.gone = error {} else { logger.warning("watching \(kind.kind) failed: \(error); retrying in \(delay)") }
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Notes the source's artifact digest; whether it changed.
    private func record(_ object: KubeObject, in digests: inout [ObjectKey: String]) -> Bool {
        guard let digest = object["status", "artifact", "digest"]?.stringValue else { return false }
        let key = Self.key(object)
        defer { digests[key] = digest }
        return digests[key] != digest
    }

    /// Queues every HelmChart whose `sourceRef` names one of `sources` of `kind` (in its own namespace).
    private func requeue(_ kind: String, _ sources: [ObjectKey]) async throws {
        guard !sources.isEmpty else { return }
        let wanted = Set(sources)
        for object in try await api.list(HelmChart.gvk, namespace: namespace).items {
            guard object["spec", "sourceRef", "kind"]?.stringValue == kind, let name = object["spec", "sourceRef", "name"]?.stringValue,
                wanted.contains(ObjectKey(namespace: object.namespace ?? "", name: name))
            else { continue }
            await queue.add(Self.key(object))
        }
    }

    static func key(_ object: KubeObject) -> ObjectKey { ObjectKey(namespace: object.namespace ?? "", name: object.name) }
}
