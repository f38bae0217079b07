import SluiceCore

/// A resource the API server serves, as discovery describes it.
public struct APIResource: Sendable, Hashable {
    /// The group (empty for the core group).
    public var group: String
    /// The version.
    public var version: String
    /// The kind (`ConfigMap`).
    public var kind: String
    /// The plural resource name used in URLs (`configmaps`).
    public var name: String
    /// The singular name (`configmap`).
    public var singularName: String
    /// Whether objects live in namespaces.
    public var namespaced: Bool
    /// The verbs the resource supports.
    public var verbs: [String]
    /// Short names (`cm`).
    public var shortNames: [String]

    /// A resource.
    public init(group: String, version: String, kind: String, name: String, singularName: String = "",
                namespaced: Bool, verbs: [String] = [], shortNames: [String] = [])
    {
        self.group = group
        self.version = version
        self.kind = kind
        self.name = name
        self.singularName = singularName
        self.namespaced = namespaced
        self.verbs = verbs
        self.shortNames = shortNames
    }

    /// The kind this resource serves.
    public var gvk: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }

    /// The URL path of the collection (`/api/v1/namespaces/ns/configmaps`); `namespace` is ignored for cluster-scoped resources.
    public func collectionPath(namespace: String?) -> String {
        let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        if namespaced, let namespace, !namespace.isEmpty {
            return "\(base)/namespaces/\(QueryItems.encode(namespace))/\(name)"
        }
        return "\(base)/\(name)"
    }

    /// The URL path of one object, or of its subresource.
    public func objectPath(namespace: String?, name objectName: String, subresource: Subresource? = nil) -> String {
        var path = "\(collectionPath(namespace: namespace))/\(QueryItems.encode(objectName))"
        if let subresource { path += "/\(subresource.rawValue)" }
        return path
    }
}
