import Logging
import SluiceAPI
import SluiceCore
import SluiceKube

/// Lists and then watches one kind, queueing the keys of objects that need a reconcile, and keeps the last-seen objects.
///
/// Like controller-runtime with Flux's predicates, a status-only change does
/// not queue the object: a new generation, a new
/// `reconcile.fluxcd.io/requestedAt`, a deletion or a new object does. A
/// watch that ends with `410 Gone` is re-listed; other failures back off.
public actor ResourceWatcher {
    private let api: any KubernetesAPI
    private let gvk: GroupVersionKind
    private let namespace: String?
    private let logger: Logger
    private let onChange: @Sendable (ObjectKey) async -> Void
    private let dependents: @Sendable (_ changed: KubeObject, _ previous: KubeObject?, _ objects: [KubeObject]) -> [ObjectKey]
    private var cache: [ObjectKey: KubeObject] = [:]
    private var synced = false

    /// A watcher of `gvk` that calls `onChange` with each key to reconcile.
    ///
    /// `dependents` names further objects of the kind to reconcile when one
    /// changes in any way, status included (a GitRepository including another
    /// one reconciles when the other stores a new artifact).
    public init(api: any KubernetesAPI, gvk: GroupVersionKind, namespace: String?, logger: Logger,
                dependents: @escaping @Sendable (_ changed: KubeObject, _ previous: KubeObject?, _ objects: [KubeObject]) -> [ObjectKey] = { _, _, _ in [] },
                onChange: @escaping @Sendable (ObjectKey) async -> Void)
    {
        self.dependents = dependents
        self.api = api
        self.gvk = gvk
        self.namespace = namespace
        self.logger = logger
        self.onChange = onChange
    }

    /// The last-seen object for `key`.
    public func cached(_ key: ObjectKey) -> KubeObject? { cache[key] }
    /// Every last-seen object.
    public func cachedObjects() -> [KubeObject] { Array(cache.values) }
    /// Whether the first list has completed.
    public var hasSynced: Bool { synced }

    /// Runs until cancelled.
    public func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await api.list(gvk, namespace: namespace)
                var seen: Set<ObjectKey> = []
                for object in list.items {
                    let key = Self.key(object)
                    seen.insert(key)
                    let previous = cache[key]
                    cache[key] = object
                    if previous == nil || Self.needsReconcile(old: previous, new: object) { await onChange(key) }
                    await notifyDependents(of: object, previous: previous)
                }
                for key in cache.keys where !seen.contains(key) {
                    cache[key] = nil
                    await onChange(key)
                }
                synced = true
                failures = 0
                var resourceVersion = list.resourceVersion
                for try await event in api.watch(gvk, namespace: namespace, resourceVersion: resourceVersion) {
                    if let version = event.object.resourceVersion { resourceVersion = version }
                    if event.type == .bookmark { continue }
                    let key = Self.key(event.object)
                    let previous = cache[key]
                    if event.type == .deleted {
                        cache[key] = nil
                        await onChange(key)
                    } else {
                        cache[key] = event.object
                        if Self.needsReconcile(old: previous, new: event.object) { await onChange(key) }
                    }
                    await notifyDependents(of: event.object, previous: previous)
                }
                logger.debug("watch ended; re-listing", metadata: ["kind": "\(gvk.kind)"])
            } catch KubernetesError.gone {
                logger.debug("watch expired; re-listing", metadata: ["kind": "\(gvk.kind)"])
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                let delay = Backoff(base: .milliseconds(500), cap: .seconds(30)).delay(failures: failures)
                logger.warning("list/watch failed: \(error); retrying in \(delay)", metadata: ["kind": "\(gvk.kind)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    private func notifyDependents(of object: KubeObject, previous: KubeObject?) async {
        guard previous != object else { return }
        for key in dependents(object, previous, Array(cache.values)) where key != Self.key(object) { await onChange(key) }
    }

    static func key(_ object: KubeObject) -> ObjectKey { ObjectKey(namespace: object.namespace ?? "", name: object.name) }

    /// Flux's predicates: a new object, generation, reconcile request or deletion.
    static func needsReconcile(old: KubeObject?, new: KubeObject) -> Bool {
        guard let old else { return true }
        return old.generation != new.generation
            || old.annotations[FluxAnnotations.reconcileRequest] != new.annotations[FluxAnnotations.reconcileRequest]
            || (old.deletionTimestamp == nil) != (new.deletionTimestamp == nil)
    }
}
