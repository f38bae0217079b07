import Foundation
import SluiceCore
import SluiceKube
@testable import SluiceRuntime

/// A test double of the Kubernetes API with the semantics the runtime relies on: resource versions,
/// generation bumped on spec changes only, the status subresource, deletion held by finalizers, and watches.
actor InMemoryKubernetesAPI: KubernetesAPI {
    private var objects: [String: KubeObject] = [:]
    private var version = 0
    private var watchers: [UUID: (gvk: GroupVersionKind, continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation)] = [:]
    private(set) var patchCount: [Subresource?: Int] = [:]
    /// Every change with the resource version it made, so a watch replays from the version it starts at.
    private var history: [(version: Int, event: WatchEvent)] = []

    private func key(_ gvk: GroupVersionKind, _ namespace: String?, _ name: String) -> String {
        "\(gvk.group)/\(gvk.kind)/\(namespace ?? "")/\(name)"
    }

    private func nextVersion() -> String {
        version += 1
        return String(version)
    }

    private func notify(_ type: WatchEvent.EventType, _ object: KubeObject) {
        history.append((Int(object.resourceVersion ?? "") ?? version, WatchEvent(type: type, object: object)))
        for watcher in watchers.values where watcher.gvk.group == object.gvk.group && watcher.gvk.kind == object.kind {
            watcher.continuation.yield(WatchEvent(type: type, object: object))
        }
    }

    func create(_ object: KubeObject) -> KubeObject {
        var object = object
        object.uid = UUID().uuidString
        object.generation = 1
        object.resourceVersion = nextVersion()
        object.creationTimestamp = Timestamp.now()
        objects[key(object.gvk, object.namespace, object.name)] = object
        notify(.added, object)
        return object
    }

    /// Replaces the spec and metadata (not status), bumping generation when the spec changed.
    func update(_ object: KubeObject) throws -> KubeObject {
        let k = key(object.gvk, object.namespace, object.name)
        guard let current = objects[k] else { throw KubernetesError.notFound(object.name) }
        var updated = object
        updated["status"] = current["status"]
        updated.uid = current.uid
        updated.creationTimestamp = current.creationTimestamp
        updated.generation = (current.generation ?? 1) + (current["spec"] != object["spec"] ? 1 : 0)
        return store(updated, key: k)
    }

    /// Requests deletion: removed at once without finalizers, marked with deletionTimestamp otherwise.
    func delete(_ gvk: GroupVersionKind, namespace: String?, name: String) {
        let k = key(gvk, namespace, name)
        guard var object = objects[k] else { return }
        if object.finalizers.isEmpty {
            objects[k] = nil
            object.resourceVersion = nextVersion()
            notify(.deleted, object)
        } else if object.deletionTimestamp == nil {
            object.deletionTimestamp = Timestamp.now()
            _ = store(object, key: k)
        }
    }

    private func store(_ object: KubeObject, key k: String) -> KubeObject {
        var object = object
        if object.deletionTimestamp != nil, object.finalizers.isEmpty {
            objects[k] = nil
            object.resourceVersion = nextVersion()
            notify(.deleted, object)
            return object
        }
        object.resourceVersion = nextVersion()
        objects[k] = object
        notify(.modified, object)
        return object
    }

    func get(_ gvk: GroupVersionKind, namespace: String?, name: String) async throws -> KubeObject? {
        objects[key(gvk, namespace, name)]
    }

    func list(_ gvk: GroupVersionKind, namespace: String?) async throws -> ObjectList {
        let items = objects.values.filter { $0.gvk.group == gvk.group && $0.kind == gvk.kind && (namespace == nil || $0.namespace == namespace) }
        return ObjectList(items: items.sorted { $0.name < $1.name }, resourceVersion: String(version))
    }

    nonisolated func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let id = UUID()
        Task { await self.register(id, gvk: gvk, from: Int(resourceVersion) ?? 0, continuation: continuation) }
        continuation.onTermination = { _ in Task { await self.unregister(id) } }
        return stream
    }

    private func register(_ id: UUID, gvk: GroupVersionKind, from resourceVersion: Int, continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation) {
        for entry in history where entry.version > resourceVersion && entry.event.object.gvk.group == gvk.group && entry.event.object.kind == gvk.kind {
            continuation.yield(entry.event)
        }
        watchers[id] = (gvk, continuation)
    }

    private func unregister(_ id: UUID) { watchers[id] = nil }

    func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, subresource: Subresource?) async throws -> KubeObject {
        let k = key(gvk, namespace, name)
        guard let current = objects[k] else { throw KubernetesError.notFound(name) }
        patchCount[subresource, default: 0] += 1
        guard case .object(var patched) = MergePatch.apply(patch, to: current.value) else { throw KubernetesError.invalid("patch", causes: []) }
        if subresource == .status {
            var merged = current.root
            merged["status"] = patched["status"]
            patched = merged
        } else {
            patched["status"] = current["status"]
        }
        var object = KubeObject(patched)
        object.generation = (current.generation ?? 1) + (current["spec"] != object["spec"] ? 1 : 0)
        return store(object, key: k)
    }
}
