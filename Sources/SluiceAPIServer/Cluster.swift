import Foundation
import Logging
import SluiceCore
import SluiceMerge

/// The cluster's state: every object in memory, written through to SQLite in batches.
///
/// All reads and writes go through this actor, which gives the server one
/// global, monotonic resource version and a total order of watch events.
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
    var resourceVersion: Int64
    var pending: [ClusterDatabase.Change] = []
    var hub: WatchHub
    let simulation: Simulation
    var simulationQueue: [SimulationItem] = []
    let logger: Logger

    /// An empty cluster whose resource versions continue from `resourceVersion`; ``restore(_:)`` loads objects.
    init(resourceVersion: Int64, simulation: Simulation, historyCapacity: Int = 10_000, logger: Logger) {
        self.resourceVersion = resourceVersion
        self.simulation = simulation
        self.logger = logger
        hub = WatchHub(capacity: historyCapacity, floor: resourceVersion)
    }

    /// Loads stored objects (at start-up) and serves the kinds their CRDs define.
    func restore(_ rows: [(resource: String, key: String, json: Data)]) {
        let parser = JSONParser()
        var crds: [JSONValue] = []
        for row in rows {
            guard let object = try? parser.parse(row.json) else {
                logger.warning("skipping an unreadable object", metadata: ["resource": "\(row.resource)", "key": "\(row.key)"])
                continue
            }
            let ref = ObjectRef(resource: row.resource, key: row.key)
            objects[row.resource, default: [:]][row.key] = object
            index(ref, old: nil, new: object)
            if row.resource == Self.crdKey { crds.append(object) }
            if object[path: ["metadata", "deletionTimestamp"]] != nil { deleting.insert(ref) }
        }
        for crd in crds { if case .success(let type) = ResourceRegistry.customType(from: crd) { registerCustom(type) } }
    }

    /// Creates the namespaces every cluster has.
    func seed() {
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"]
        where objects["/namespaces"]?[name] == nil {
            let type = registry.type(key: "/namespaces")!
            var namespace: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            namespace = try! prepareCreate(type, namespace: nil, body: namespace, manager: "sluice")
            commit(type, key: name, old: nil, new: namespace, event: "ADDED")
        }
    }

    func registerCustom(_ type: ResourceType) {
        registry.register(type)
        for version in type.versions {
            mergeSchema = mergeSchema.addingCustomResource(type.gvk(version), openAPIV3Schema: type.schemas[version] ?? .object(JSONObject()))
        }
    }

    // MARK: - Storage

    /// The changes not yet written to the database, and the resource version they bring it to.
    func takePending() -> (changes: [ClusterDatabase.Change], resourceVersion: Int64) {
        defer { pending = [] }
        return (pending, resourceVersion)
    }

    /// The current resource version.
    var currentResourceVersion: Int64 { resourceVersion }

    func nextResourceVersion() -> Int64 {
        resourceVersion += 1
        return resourceVersion
    }

    /// Stores `new` (or deletes when `nil`) under `key`, bumps the resource version and tells watches.
    @discardableResult
    func commit(_ type: ResourceType, key: String, old: JSONValue?, new: JSONValue?, event: String) -> JSONValue {
        let rv = nextResourceVersion()
        let ref = ObjectRef(resource: type.key, key: key)
        var stored: JSONValue
        if var object = new {
            object[path: ["metadata", "resourceVersion"]] = .string(String(rv))
            stored = object
            if objects[type.key]?[key] == nil { sortedKeys[type.key] = nil }
            objects[type.key, default: [:]][key] = object
            pending.append(.init(resource: type.key, key: key, object: object))
        } else {
            stored = old ?? .null
            stored[path: ["metadata", "resourceVersion"]] = .string(String(rv))
            objects[type.key]?[key] = nil
            sortedKeys[type.key] = nil
            pending.append(.init(resource: type.key, key: key, object: nil))
            deleting.remove(ref)
            if let uid = old?[path: ["metadata", "uid"]]?.stringValue { deletedOwners.append(uid) }
        }
        index(ref, old: old, new: new)
        let namespace = type.namespaced ? stored[path: ["metadata", "namespace"]]?.stringValue : nil
        hub.publish(.init(resourceVersion: rv, resource: type.key, namespace: namespace, type: event,
                          object: stored, oldObject: event == "MODIFIED" ? old : nil))
        if new == nil, type.key == Self.crdKey, let old, case .success(let custom) = ResourceRegistry.customType(from: old) {
            removeCustomType(key: custom.key)
        }
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

    /// Starts a watch: replays (or lists as `ADDED`) and then follows changes.
    func watch(_ type: ResourceType, namespace: String?, labels: LabelSelector, fields: FieldSelector,
               from resourceVersion: String?, continuation: AsyncStream<WatchMessage>.Continuation) -> Int?
    {
        let subscriber = WatchHub.Subscriber(resource: type.key, namespace: type.namespaced ? namespace : nil,
                                             labels: labels, fields: fields, continuation: continuation)
        if let text = resourceVersion, !text.isEmpty, text != "0" {
            guard let rv = Int64(text) else {
                    continuation.yield(.expired(.badRequest("invalid resource version \"\(text)\"")))
                return nil
            }
            if rv < hub.floor {
                continuation.yield(.expired(.gone("\(text) (\(hub.floor + 1))")))
                return nil
            }
            hub.replay(after: rv, to: subscriber)
        } else {
            let result = try? list(type, namespace: namespace, labels: labels, fields: fields, limit: nil, continueToken: nil)
            for object in result?.items ?? [] { continuation.yield(.event(type: "ADDED", object: object)) }
        }
        return hub.subscribe(subscriber)
    }

    /// Ends a watch.
    func stopWatch(_ id: Int) { hub.unsubscribe(id) }

    /// Ends every watch (at shutdown).
    func stopAllWatches() { hub.finishAll() }
}
