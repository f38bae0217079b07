/// A Kubernetes object of any kind: its JSON tree with typed accessors for the fields every object has.
public struct KubeObject: Sendable, Hashable {
    /// The whole object.
    public var root: JSONObject

    /// Wraps a decoded object tree.
    public init(_ root: JSONObject) { self.root = root }

    /// A new object with type and name set.
    public init(apiVersion: String, kind: String, name: String, namespace: String? = nil) {
        root = ["apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": .object([:])]
        self.name = name
        self.namespace = namespace
    }

    /// The object as a ``JSONValue``.
    public var value: JSONValue { .object(root) }

    /// The value at a path of keys, such as `["spec", "replicas"]`; setting `nil` removes it.
    public subscript(path: String...) -> JSONValue? {
        get { JSONValue.object(root)[path: path] }
        set { self[path: path] = newValue }
    }

    /// The value at a path of keys.
    public subscript(path path: [String]) -> JSONValue? {
        get { JSONValue.object(root)[path: path] }
        set {
            var value = JSONValue.object(root)
            value[path: path] = newValue
            root = value.objectValue ?? root
        }
    }

    /// `apiVersion`.
    public var apiVersion: String {
        get { root["apiVersion"]?.stringValue ?? "" }
        set { root["apiVersion"] = .string(newValue) }
    }
    /// `kind`.
    public var kind: String {
        get { root["kind"]?.stringValue ?? "" }
        set { root["kind"] = .string(newValue) }
    }
    /// The group, version and kind.
    public var gvk: GroupVersionKind { GroupVersionKind(apiVersion: apiVersion, kind: kind) }

    /// `metadata`, as a tree.
    public var metadata: JSONObject {
        get { root["metadata"]?.objectValue ?? JSONObject() }
        set { root["metadata"] = .object(newValue) }
    }

    private func metadataString(_ key: String) -> String? { metadata[key]?.stringValue }
    private mutating func setMetadata(_ key: String, _ value: JSONValue?) {
        var meta = metadata
        meta[key] = value
        metadata = meta
    }

    /// `metadata.name`.
    public var name: String {
        get { metadataString("name") ?? "" }
        set { setMetadata("name", .string(newValue)) }
    }
    /// `metadata.namespace`; `nil` for cluster-scoped objects.
    public var namespace: String? {
        get { metadataString("namespace").flatMap { $0.isEmpty ? nil : $0 } }
        set { setMetadata("namespace", newValue.map(JSONValue.string)) }
    }
    /// `metadata.uid`.
    public var uid: String? {
        get { metadataString("uid") }
        set { setMetadata("uid", newValue.map(JSONValue.string)) }
    }
    /// `metadata.resourceVersion`.
    public var resourceVersion: String? {
        get { metadataString("resourceVersion") }
        set { setMetadata("resourceVersion", newValue.map(JSONValue.string)) }
    }
    /// `metadata.generation`.
    public var generation: Int64? {
        get { metadata["generation"]?.intValue }
        set { setMetadata("generation", newValue.map(JSONValue.int)) }
    }
    /// `metadata.creationTimestamp`.
    public var creationTimestamp: String? {
        get { metadataString("creationTimestamp") }
        set { setMetadata("creationTimestamp", newValue.map(JSONValue.string)) }
    }
    /// `metadata.deletionTimestamp`; set once deletion has been requested.
    public var deletionTimestamp: String? {
        get { metadataString("deletionTimestamp") }
        set { setMetadata("deletionTimestamp", newValue.map(JSONValue.string)) }
    }
    /// `metadata.labels`.
    public var labels: [String: String] {
        get { Self.stringMap(metadata["labels"]) }
        set { setMetadata("labels", newValue.isEmpty ? nil : Self.sortedObject(newValue)) }
    }
    /// `metadata.annotations`.
    public var annotations: [String: String] {
        get { Self.stringMap(metadata["annotations"]) }
        set { setMetadata("annotations", newValue.isEmpty ? nil : Self.sortedObject(newValue)) }
    }
    /// `metadata.finalizers`.
    public var finalizers: [String] {
        get { metadata["finalizers"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        set { setMetadata("finalizers", newValue.isEmpty ? nil : .array(newValue.map(JSONValue.string))) }
    }
    /// `metadata.ownerReferences`.
    public var ownerReferences: [OwnerReference] {
        get { metadata["ownerReferences"]?.arrayValue?.compactMap(OwnerReference.init(json:)) ?? [] }
        set { setMetadata("ownerReferences", newValue.isEmpty ? nil : .array(newValue.map(\.json))) }
    }
    /// `metadata.managedFields`, as trees.
    public var managedFields: [JSONValue] {
        get { metadata["managedFields"]?.arrayValue ?? [] }
        set { setMetadata("managedFields", newValue.isEmpty ? nil : .array(newValue)) }
    }

    /// The object's identity in Flux's inventory form.
    public var identifier: ResourceIdentifier {
        ResourceIdentifier(namespace: namespace ?? "", name: name, group: gvk.group, kind: kind)
    }

    /// `Kind/namespace/name` (or `Kind/name`), as Flux names objects in messages.
    public var displayName: String {
        if let namespace { return "\(kind)/\(namespace)/\(name)" }
        return "\(kind)/\(name)"
    }

    static func stringMap(_ value: JSONValue?) -> [String: String] {
        guard let object = value?.objectValue else { return [:] }
        var map: [String: String] = [:]
        for (key, value) in object {
            if let string = value.stringValue { map[key] = string }
        }
        return map
    }

    static func sortedObject(_ map: [String: String]) -> JSONValue {
        .object(JSONObject(map.keys.sorted().map { ($0, JSONValue.string(map[$0]!)) }))
    }
}
