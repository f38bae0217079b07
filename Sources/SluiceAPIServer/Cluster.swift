import Foundation
import Logging
import SluiceCore
import SluiceMerge

/// The cluster's state: every object in memory, committed to SQLite in batches (group commit).
///
/// All reads and writes go through this actor, which gives the server one
/// global, monotonic resource version and a total order of watch events.
/// A write changes memory at once and joins ``pending``; the committer (see
/// ``APIServer``) writes each batch in one transaction, and only then are its
/// watch events sent and its requests answered (``waitUntilDurable(through:)``).
/// A batch that cannot be written is undone, with everything written after it,
/// so that memory stays what the disk holds.
actor Cluster {
    /// How workload status is simulated (there is no kubelet).
    struct Simulation: Sendable {
        var enabled: Bool
        var delay: Duration
    }

    struct SimulationItem {
        var due: ContinuousClock.Instant
        var ref: ObjectRef
    }

    var registry = ResourceRegistry()
    var mergeSchema = MergeSchema.builtIn
    /// Objects by resource key, then object key.
    var objects: [String: [String: JSONValue]] = [:]
    /// Sorted object keys per resource, rebuilt lazily.
    var sortedKeys: [String: [String]] = [:]
    var uidIndex: [String: ObjectRef] = [:]
    /// Dependents by owner uid.
    var dependents: [String: Set<ObjectRef>] = [:]
    /// Objects being deleted that wait for the garbage collector (foreground, orphan, namespaces).
    var deleting: Set<ObjectRef> = []
    /// Owners deleted whose dependents must be looked at.
    var deletedOwners: [String] = []
    /// The last resource version given out; never goes backwards, not even when a batch is undone.
    var resourceVersion: Int64
    /// Writes not yet handed to the committer.
    var pending = WriteBatch()
    /// Whether a batch is being committed.
    var committing = false
    /// Every write up to this resource version is on disk, or was undone (then it is in ``rolledBack``).
    var durableResourceVersion: Int64
    /// Resource versions given out to writes that were then undone, one range per failed commit.
    var rolledBack: [ClosedRange<Int64>] = []
    /// Requests waiting until what they wrote or read is on disk.
    var durabilityWaiters: [(through: Int64, continuation: CheckedContinuation<Void, any Error>)] = []
    /// Rung on every write, so that the committer wakes up.
    private let doorbell: AsyncStream<Void>.Continuation
    /// What the committer waits on; ends at ``closeDoorbell()``.
    nonisolated let writes: AsyncStream<Void>
    var hub: WatchHub
    let simulation: Simulation
    var simulationQueue: [SimulationItem] = []
    let logger: Logger
    /// The RBAC policy of the stored roles and bindings; nil until asked for after an RBAC object changed.
    var rbacPolicyCache: RBACPolicy?
    /// Whether ClusterRole aggregation is running (its own writes must not start it again).
    var aggregatingClusterRoles = false

    /// An empty cluster whose resource versions continue from `resourceVersion`; ``restore(_:)`` loads objects.
    init(resourceVersion: Int64, simulation: Simulation, historyCapacity: Int = 10_000, logger: Logger) {
        self.resourceVersion = resourceVersion
        durableResourceVersion = resourceVersion
        (writes, doorbell) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.simulation = simulation
        self.logger = logger
        hub = WatchHub(capacity: historyCapacity, floor: resourceVersion)
    }

    /// Loads stored objects (at start-up) and serves the kinds their CRDs define.
    func restore(_ rows: [(resource: String, key: String, json: Data)]) {
        let parser = JSONParser()
        for row in rows {
            guard let object = try? parser.parse(row.json) else {
                logger.warning("skipping an unreadable object", metadata: ["resource": "\(row.resource)", "key": "\(row.key)"])
                continue
            }
            objects[row.resource, default: [:]][row.key] = object
        }
        rebuildIndexes()
    }

    /// Derives everything kept beside the objects from them: indexes, objects being deleted, and the custom types.
    func rebuildIndexes() {
        uidIndex = [:]
        dependents = [:]
        deleting = []
        deletedOwners = []
        sortedKeys = [:]
        rbacPolicyCache = nil
        registry = ResourceRegistry()
        mergeSchema = .builtIn
        for (resource, stored) in objects {
            for (key, object) in stored {
                let ref = ObjectRef(resource: resource, key: key)
                index(ref, old: nil, new: object)
                if object[path: ["metadata", "deletionTimestamp"]] != nil { deleting.insert(ref) }
            }
        }
        for crd in (objects[Self.crdKey] ?? [:]).values {
            if case .success(let type) = ResourceRegistry.customType(from: crd) { registerCustom(type) }
        }
    }

    /// Creates the namespaces every cluster has, and the default RBAC policy (``seedRBAC()``).
    func seed() {
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"]
        where objects["/namespaces"]?[name] == nil {
            let type = registry.type(key: "/namespaces")!
            var namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            namespace = try! prepareCreate(type, namespace: nil, body: namespace, manager: "sluice")
            commit(type, key: name, old: nil, new: namespace, event: "ADDED")
        }
        seedRBAC()
    }

    func registerCustom(_ type: ResourceType) {
        registry.register(type)
        for version in type.versions {
            mergeSchema = mergeSchema.addingCustomResource(type.gvk(version), openAPIV3Schema: type.schemas[version] ?? .object(JSONObject()))
        }
    }

    // MARK: - Storage

    /// The next batch to commit, taken out of ``pending``; nil while one is being committed or nothing is pending.
    func takeBatch() -> WriteBatch? {
        guard !committing, !pending.isEmpty else { return nil }
        var batch = pending
        batch.resourceVersion = resourceVersion
        pending = WriteBatch()
        committing = true
        return batch
    }

    /// `batch` is on disk: sends its watch events and answers the requests that waited for it.
    func committed(_ batch: WriteBatch) {
        committing = false
        durableResourceVersion = batch.resourceVersion
        for event in batch.events { hub.publish(event) }
        let ready = durabilityWaiters.filter { $0.through <= durableResourceVersion }
        durabilityWaiters.removeAll { $0.through <= durableResourceVersion }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// `batch` could not be written: undoes it and every write made after it (they may build on it), sends no
    /// watch event for any of them, and fails the requests that waited. Resource versions stay where they are.
    func failed(_ batch: WriteBatch, error: any Error) {
        committing = false
        for undo in (batch.undo + pending.undo).reversed() {
            objects[undo.ref.resource, default: [:]][undo.ref.key] = undo.previous
        }
        pending = WriteBatch()
        if durableResourceVersion < resourceVersion { rolledBack.append((durableResourceVersion + 1)...resourceVersion) }
        durableResourceVersion = resourceVersion
        rebuildIndexes()
        logger.error("cannot write cluster.db; the writes of \(batch.changes.count) objects were undone and their requests failed",
                     metadata: ["error": "\(error)"])
        let waiters = durabilityWaiters
        durabilityWaiters = []
        for waiter in waiters { waiter.continuation.resume(throwing: Self.notCommitted) }
    }

    static let notCommitted = APIError.internalError("the change could not be saved in the data directory, so it was not made")

    /// Returns once every write up to `resourceVersion` is on disk; throws a 500 when it was undone instead.
    func waitUntilDurable(through requested: Int64) async throws {
        let resourceVersion = min(requested, self.resourceVersion)
        if rolledBack.contains(where: { $0.contains(resourceVersion) }) { throw Self.notCommitted }
        if resourceVersion <= durableResourceVersion { return }
        try await withCheckedThrowingContinuation { continuation in
            durabilityWaiters.append((resourceVersion, continuation))
        }
    }

    /// Ends ``writes`` once the committer has taken what is pending (at shutdown).
    func closeDoorbell() { doorbell.finish() }

    /// The current resource version.
    var currentResourceVersion: Int64 { resourceVersion }

    func nextResourceVersion() -> Int64 {
        resourceVersion += 1
        return resourceVersion
    }

    /// Stores `new` (or deletes when `nil`) under `key`, bumps the resource version and queues the write and its
    /// watch event for the committer.
    @discardableResult
    func commit(_ type: ResourceType, key: String, old: JSONValue?, new: JSONValue?, event: String) -> JSONValue {
        let rv = nextResourceVersion()
        let ref = ObjectRef(resource: type.key, key: key)
        pending.undo.append(.init(ref: ref, previous: objects[type.key]?[key]))
        var stored: JSONValue
        if var object = new {
            object[path: ["metadata", "resourceVersion"]] = .string(String(rv))
            stored = object
            if objects[type.key]?[key] == nil { sortedKeys[type.key] = nil }
            objects[type.key, default: [:]][key] = object
            pending.changes.append(.init(resource: type.key, key: key, object: object))
        } else {
            stored = old ?? .null
            stored[path: ["metadata", "resourceVersion"]] = .string(String(rv))
            objects[type.key]?[key] = nil
            sortedKeys[type.key] = nil
            pending.changes.append(.init(resource: type.key, key: key, object: nil))
            deleting.remove(ref)
            if let uid = old?[path: ["metadata", "uid"]]?.stringValue { deletedOwners.append(uid) }
        }
        index(ref, old: old, new: new)
        if RBACPolicy.resourceKeys.contains(type.key) { rbacPolicyCache = nil }
        let namespace = type.namespaced ? stored[path: ["metadata", "namespace"]]?.stringValue : nil
        pending.events.append(.init(resourceVersion: rv, resource: type.key, namespace: namespace, type: event,
                                    object: stored, oldObject: event == "MODIFIED" ? old : nil))
        doorbell.yield()
        if new == nil, type.key == Self.crdKey, let old, case .success(let custom) = ResourceRegistry.customType(from: old) {
            removeCustomType(key: custom.key)
        }
        if type.key == RBACPolicy.clusterRolesKey { aggregateClusterRoles() }
        return stored
    }

    func index(_ ref: ObjectRef, old: JSONValue?, new: JSONValue?) {
        func owners(_ object: JSONValue?) -> [String] {
            object?[path: ["metadata", "ownerReferences"]]?.arrayValue?.compactMap { $0["uid"]?.stringValue } ?? []
        }
        if let uid = old?[path: ["metadata", "uid"]]?.stringValue { uidIndex[uid] = nil }
        if let uid = new?[path: ["metadata", "uid"]]?.stringValue { uidIndex[uid] = ref }
        for owner in owners(old) {
            dependents[owner]?.remove(ref)
            if dependents[owner]?.isEmpty == true { dependents[owner] = nil }
        }
        for owner in owners(new) { dependents[owner, default: []].insert(ref) }
    }

    func keys(of resource: String) -> [String] {
        if let keys = sortedKeys[resource] { return keys }
        let keys = (objects[resource] ?? [:]).keys.sorted()
        sortedKeys[resource] = keys
        return keys
    }

    // MARK: - Reads

    /// The object, at its storage version.
    func get(_ type: ResourceType, namespace: String?, name: String) throws(APIError) -> JSONValue {
        guard let object = objects[type.key]?[ObjectRef.key(namespace: namespace, name: name)] else {
            throw .notFound(type.plural, group: type.group, name: name)
        }
        return object
    }

    /// A page of objects, and the list's resource version and continue token.
    func list(_ type: ResourceType, namespace: String?, labels: LabelSelector, fields: FieldSelector,
              limit: Int?, continueToken: String?) throws(APIError) -> (items: [JSONValue], resourceVersion: Int64, continueToken: String?, remaining: Int?)
    {
        var all = keys(of: type.key)
        if let namespace, type.namespaced {
            let prefix = namespace + "/"
            let start = all.partitioningIndex { $0 >= prefix }
            var end = start
            while end < all.count && all[end].hasPrefix(prefix) { end += 1 }
            all = Array(all[start..<end])
        }
        if let name = fields.name {
            all = all.filter { $0 == name || $0.hasSuffix("/" + name) }
        }
        var startIndex = 0
        if let continueToken, !continueToken.isEmpty {
            guard let data = Data(base64Encoded: continueToken), let last = String(data: data, encoding: .utf8) else {
                throw .badRequest("continue key is not valid: illegal base64 data")
            }
            startIndex = all.partitioningIndex { $0 > last }
        }
        var items: [JSONValue] = []
        let store = objects[type.key] ?? [:]
        var index = startIndex
        var lastKey: String?
        while index < all.count {
            let key = all[index]
            index += 1
            guard let object = store[key] else { continue }
            if !fields.requirements.isEmpty && !fields.matches(object) { continue }
            if !labels.isEmpty && !labels.matches(Self.labels(of: object)) { continue }
            items.append(object)
            lastKey = key
            if let limit, limit > 0, items.count >= limit { break }
        }
        if let limit, limit > 0, items.count >= limit, index < all.count, let lastKey {
            let token = Data(lastKey.utf8).base64EncodedString()
            return (items, resourceVersion, token, all.count - index)
        }
        return (items, resourceVersion, nil, nil)
    }

    static func labels(of object: JSONValue) -> [String: String] {
        var labels: [String: String] = [:]
        for (key, value) in object[path: ["metadata", "labels"]]?.objectValue ?? JSONObject() {
            if let string = value.stringValue { labels[key] = string }
        }
        return labels
    }

    // MARK: - Watch

    /// Starts a watch: returns what to send first (a replay from `resourceVersion`, or every matching object as
    /// `ADDED`) and the resource version that must be on disk before it is sent; later changes go to `continuation`.
    /// The id is nil when the watch ends after its first events (an `ERROR`).
    func watch(_ type: ResourceType, namespace: String?, labels: LabelSelector, fields: FieldSelector,
               from resourceVersion: String?, continuation: AsyncStream<WatchMessage>.Continuation)
        -> (initial: [WatchMessage], through: Int64, id: Int?)
    {
        var subscriber = WatchHub.Subscriber(resource: type.key, namespace: type.namespaced ? namespace : nil,
                                             labels: labels, fields: fields, after: self.resourceVersion,
                                             continuation: continuation)
        let initial: [WatchMessage]
        var through: Int64 = 0
        if let text = resourceVersion, !text.isEmpty, text != "0" {
            guard let rv = Int64(text), rv >= 0 else {
                return ([.expired(.badRequest("invalid resource version \"\(text)\""))], 0, nil)
            }
            if rv < hub.floor {
                return ([.expired(.gone("\(text) (\(hub.floor + 1))"))], 0, nil)
            }
            // The history holds committed changes only; those still pending reach the watch when committed.
            subscriber.after = rv
            initial = hub.replay(to: subscriber)
        } else {
            let result = try? list(type, namespace: namespace, labels: labels, fields: fields, limit: nil, continueToken: nil)
            initial = (result?.items ?? []).map { .event(type: "ADDED", object: $0) }
            through = subscriber.after
        }
        return (initial, through, hub.subscribe(subscriber))
    }

    /// Sends watch `id` a bookmark at the last committed resource version.
    func bookmark(_ id: Int) { hub.bookmark(id, resourceVersion: durableResourceVersion) }

    /// Ends a watch.
    func stopWatch(_ id: Int) { hub.unsubscribe(id) }

    /// Ends every watch (at shutdown).
    func stopAllWatches() { hub.finishAll() }
}
