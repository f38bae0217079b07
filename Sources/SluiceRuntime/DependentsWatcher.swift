import Logging
import ServiceLifecycle
import SluiceCore
import SluiceKube

/// Lists and watches one kind of object that others depend on (a source, a Secret) and queues the dependents of each
/// one whose fingerprint changes, as Flux's controllers do through their field indexes: a new artifact or a rotated
/// Secret is acted on at once rather than at the dependent's next interval.
///
/// The controller supplies only what is particular to it: the fingerprint of a watched object (its artifact digest,
/// its resource version) and the mapping from changed objects to the keys of their dependents. Only fingerprints are
/// kept, never the objects (so never Secret data). A watch that ends with `410 Gone` is re-listed quietly; other
/// failures are logged and back off.
public struct DependentsWatcher: Service {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The kind watched.
    public let kind: GroupVersionKind
    /// Only this namespace, or all.
    public let namespace: String?
    /// The queue the dependents' keys go to.
    public let queue: WorkQueue<ObjectKey>
    /// Where failures go.
    public let logger: Logger
    /// Whether the objects of the first list count as changed (a dependent waiting for its source's first artifact
    /// starts as soon as the watcher does), or only set the baseline.
    public let queuesFirstList: Bool
    /// Whether a deletion counts as a change (a Receiver reports its Secret missing), or is ignored.
    public let queuesDeletions: Bool
    /// What is compared: a watched object's fingerprint, or nil while it has none worth noting (no artifact yet).
    public let fingerprint: @Sendable (KubeObject) -> String?
    /// The keys of the dependents of the watched objects `changed` (keys in the watched kind's namespaces).
    public let dependents: @Sendable (_ api: any KubernetesAPI, _ changed: Set<ObjectKey>) async throws -> [ObjectKey]

    /// A watcher of `kind` feeding `queue` with the dependents of changed objects.
    public init(api: any KubernetesAPI, kind: GroupVersionKind, namespace: String?, queue: WorkQueue<ObjectKey>, logger: Logger,
                queuesFirstList: Bool = true, queuesDeletions: Bool = false,
                fingerprint: @escaping @Sendable (KubeObject) -> String?,
                dependents: @escaping @Sendable (_ api: any KubernetesAPI, _ changed: Set<ObjectKey>) async throws -> [ObjectKey])
    {
        self.api = api
        self.kind = kind
        self.namespace = namespace
        self.queue = queue
        self.logger = logger
        self.queuesFirstList = queuesFirstList
        self.queuesDeletions = queuesDeletions
        self.fingerprint = fingerprint
        self.dependents = dependents
    }

    /// The fingerprint of `object` as a watcher of artifacts sees it: `status.artifact.digest`.
    @Sendable public static func artifactDigest(_ object: KubeObject) -> String? {
        object["status", "artifact", "digest"]?.stringValue
    }

    /// The key of `object`.
    public static func key(_ object: KubeObject) -> ObjectKey { ObjectKey(namespace: object.namespace ?? "", name: object.name) }

    /// Runs one watcher of artifacts (``artifactDigest``) per kind of `kinds` until cancelled or shut down; each queues
    /// what `dependents` names for the changed objects of its kind (passed by kind name).
    public static func runArtifactWatchers(
        api: any KubernetesAPI, kinds: [GroupVersionKind], namespace: String?, queue: WorkQueue<ObjectKey>, logger: Logger,
        dependents: @escaping @Sendable (_ api: any KubernetesAPI, _ changed: Set<ObjectKey>, _ kind: String) async throws -> [ObjectKey]
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for kind in kinds {
                let watcher = DependentsWatcher(api: api, kind: kind, namespace: namespace, queue: queue, logger: logger,
                                                fingerprint: artifactDigest) { api, changed in
                    try await dependents(api, changed, kind.kind)
                }
                group.addTask { try? await watcher.run() }
            }
        }
    }

    /// Lists and watches until cancelled or shut down.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await watch() }
    }

    /// The list-then-watch loop, re-listing after a failure with backoff.
    private func watch() async {
        var fingerprints: [ObjectKey: String] = [:]
        var listed = false
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await api.list(kind, namespace: namespace)
                var changed: Set<ObjectKey> = []
                var seen: Set<ObjectKey> = []
                for object in list.items {
                    seen.insert(Self.key(object))
                    if record(object, in: &fingerprints) { changed.insert(Self.key(object)) }
                }
                if queuesDeletions {
                    for key in fingerprints.keys where !seen.contains(key) {
                        fingerprints[key] = nil
                        changed.insert(key)
                    }
                }
                if !listed && !queuesFirstList { changed.removeAll() }
                listed = true
                try await requeue(changed)
                failures = 0
                for try await event in api.watch(kind, namespace: namespace, resourceVersion: list.resourceVersion) {
                    switch event.type {
                    case .bookmark:
                        continue
                    case .deleted:
                        guard queuesDeletions else { continue }
                        fingerprints[Self.key(event.object)] = nil
                        try await requeue([Self.key(event.object)])
                    default:
                        if record(event.object, in: &fingerprints) { try await requeue([Self.key(event.object)]) }
                    }
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

    /// Notes the object's fingerprint; whether it changed (an object without one is not noted).
    private func record(_ object: KubeObject, in fingerprints: inout [ObjectKey: String]) -> Bool {
        guard let value = fingerprint(object) else { return false }
        return fingerprints.updateValue(value, forKey: Self.key(object)) != value
    }

    /// Queues the dependents of `changed`.
    private func requeue(_ changed: Set<ObjectKey>) async throws {
        guard !changed.isEmpty else { return }
        for key in try await dependents(api, changed) { await queue.add(key) }
    }
}
