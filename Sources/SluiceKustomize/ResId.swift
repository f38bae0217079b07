import SluiceCore
import SluiceMerge

/// A resource's identity as kustomize tracks it: group, version, kind, name and namespace.
struct ResId: Hashable, CustomStringConvertible {
    var gvk: GroupVersionKind
    var name: String
    var namespace: String

    /// Whether the kind is known to be cluster-scoped (from the Kubernetes schema kustomize embeds).
    var isClusterScoped: Bool { Self.isClusterScoped(gvk) }

    static func isClusterScoped(_ gvk: GroupVersionKind) -> Bool {
        let schema = MergeSchema.builtIn
        guard schema.clusterScopedKinds.contains(gvk.kind) else { return false }
        return schema.isNamespaced(gvk) == false
    }

    /// The identity as a hashable key under kustomize's equality (effective namespace).
    var key: Key { Key(gvk: gvk, name: name, namespace: effectiveNamespace) }

    /// A hashable form of ``matches(_:)``.
    struct Key: Hashable {
        var gvk: GroupVersionKind
        var name: String
        var namespace: String
    }

    /// The namespace as kustomize compares them: `default` for an empty one, a marker for cluster-scoped kinds.
    var effectiveNamespace: String {
        if isClusterScoped { return "_non_namespaceable_" }
        if namespace.isEmpty || namespace == "default" { return "default" }
        return namespace
    }

    func isNamespaceEqual(_ other: ResId) -> Bool { effectiveNamespace == other.effectiveNamespace }

    /// kustomize's `ResId.Equals`: same group, version, kind, name and effective namespace.
    func matches(_ other: ResId) -> Bool {
        gvk == other.gvk && name == other.name && isNamespaceEqual(other)
    }

    var description: String {
        let group = gvk.group.isEmpty ? "~G" : gvk.group
        let version = gvk.version.isEmpty ? "~V" : gvk.version
        let kind = gvk.kind.isEmpty ? "~K" : gvk.kind
        return "\(group)_\(version)_\(kind)|\(namespace.isEmpty ? "~X" : namespace)|\(name.isEmpty ? "~N" : name)"
    }

    /// The form kustomize's messages use (`ResId.String`): `Kind.version.group/name.namespace`, with `[noGrp]`,
    /// `[noVer]`, `[noKind]`, `[noName]` and `[noNs]` for empty parts, so Sluice's errors read like kustomize's.
    var display: String {
        let group = gvk.group.isEmpty ? "[noGrp]" : gvk.group
        let version = gvk.version.isEmpty ? "[noVer]" : gvk.version
        let kind = gvk.kind.isEmpty ? "[noKind]" : gvk.kind
        return "\(kind).\(version).\(group)/\(name.isEmpty ? "[noName]" : name).\(namespace.isEmpty ? "[noNs]" : namespace)"
    }
}
