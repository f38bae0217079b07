import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches one source kind (GitRepository, OCIRepository) and queues the Kustomizations that use one whenever its
/// artifact changes, as Flux's kustomize-controller does through its source index, so that a new commit is applied at once rather than at the
/// next interval, and a Kustomization waiting for its first artifact starts as soon as there is one.
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
        await cancelWhenGracefulShutdown {
            var revisions: [ObjectKey: String] = [:]
            var failures = 0
            while !Task.isCancelled {
                do {
                    let list = try await api.list(sourceKind, namespace: namespace)
                    var changed: [ObjectKey] = []
                    for object in list.items { if record(object, in: &revisions) { changed.append(Self.key(object)) } }
                    try await requeue(changed)
                    failures = 0
                    var resourceVersion = list.resourceVersion
                    for try await event in api.watch(sourceKind, namespace: namespace, resourceVersion: resourceVersion) {
                        if let version = event.object.resourceVersion { resourceVersion = version }
                        guard event.type != .bookmark, event.type != .deleted else { continue }
                        if record(event.object, in: &revisions) { try await requeue([Self.key(event.object)]) }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    failures += 1
                    let delay = Backoff(base: .milliseconds(500), cap: .seconds(30)).delay(failures: failures)
                    if case KubernetesError.gone = error {} else { logger.warning("watching sources failed: \(error); retrying in \(delay)") }
                    try? await Task.sleep(for: delay)
                }
            }
        }
    }

    /// Notes the source's artifact revision; whether it changed.
    private func record(_ object: KubeObject, in revisions: inout [ObjectKey: String]) -> Bool {
        guard let revision = object["status", "artifact", "digest"]?.stringValue else { return false }
        let key = Self.key(object)
        defer { revisions[key] = revision }
        return revisions[key] != revision
    }

    /// Queues every Kustomization whose `sourceRef` names one of `sources`.
    private func requeue(_ sources: [ObjectKey]) async throws {
        guard !sources.isEmpty else { return }
        let wanted = Set(sources)
        for object in try await api.list(Kustomization.gvk, namespace: namespace).items {
            guard object["spec", "sourceRef", "kind"]?.stringValue == sourceKind.kind,
                let name = object["spec", "sourceRef", "name"]?.stringValue
            else { continue }
            let sourceNamespace = object["spec", "sourceRef", "namespace"]?.stringValue ?? object.namespace ?? ""
            if wanted.contains(ObjectKey(namespace: sourceNamespace, name: name)) {
                await queue.add(Self.key(object))
            }
        }
    }

    static func key(_ object: KubeObject) -> ObjectKey { ObjectKey(namespace: object.namespace ?? "", name: object.name) }
}
