import SluiceCore

/// The order of the output: kustomize's `legacy` order (the default) or `fifo` (as accumulated).
struct SortOrder {
    var legacy: Bool
    var orderFirst: [String]
    var orderLast: [String]

    static let defaultFirst = [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
        "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet",
        "CronJob", "PodDisruptionBudget",
    ]
    static let defaultLast = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    init(_ kustomization: Kustomization) throws(KustomizeError) {
        let options = kustomization.fields["sortOptions"]
        // Without sortOptions the order is legacy; with them, `order` must be given (kustomize has no default there).
        let order = options.flatMap { $0.isNull ? nil : $0["order"]?.stringValue ?? "" } ?? "legacy"
        guard order == "legacy" || order == "fifo" else {
            throw KustomizeError("the field 'sortOptions.order' must be one of [fifo, legacy]", file: kustomization.file)
        }
        legacy = order == "legacy"
        let legacyOptions = options?["legacySortOptions"]
        if !legacy, legacyOptions != nil {
            throw KustomizeError("the field 'sortOptions.legacySortOptions' is set but the selected sort order is 'fifo', not 'legacy'", file: kustomization.file)
        }
        if let legacyOptions {
            orderFirst = legacyOptions["orderFirst"]?.arrayValue?.compactMap(\.stringValue) ?? []
            orderLast = legacyOptions["orderLast"]?.arrayValue?.compactMap(\.stringValue) ?? []
        } else {
            orderFirst = Self.defaultFirst
            orderLast = Self.defaultLast
        }
    }

    func sort(_ resources: [Resource]) -> [Resource] {
        guard legacy else { return resources }
        var ranks: [String: Int] = [:]
        for (index, kind) in orderFirst.enumerated() { ranks[kind] = -orderFirst.count + index }
        for (index, kind) in orderLast.enumerated() { ranks[kind] = 1 + index }
        let keyed = resources.map { (resource: $0, id: $0.currentId) }
        return keyed.sorted { a, b in
            if a.id.gvk != b.id.gvk {
                let ra = ranks[a.id.gvk.kind] ?? 0, rb = ranks[b.id.gvk.kind] ?? 0
                if ra != rb { return ra < rb }
                let sa = Self.gvkString(a.id.gvk), sb = Self.gvkString(b.id.gvk)
                if a.id.gvk.kind == "Namespace" && b.id.gvk.kind == "Namespace" && (a.id.gvk.group.isEmpty || b.id.gvk.group.isEmpty) {
                    return Self.goLess(sb, sa)
                }
                return Self.goLess(sa, sb)
            }
            return Self.goLess(a.id.description, b.id.description)
        }.map(\.resource)
    }

    static func gvkString(_ gvk: GroupVersionKind) -> String {
        "\(gvk.group.isEmpty ? "~G" : gvk.group)_\(gvk.version.isEmpty ? "~V" : gvk.version)_\(gvk.kind.isEmpty ? "~K" : gvk.kind)"
    }

    /// Go's string comparison: by bytes.
    static func goLess(_ a: String, _ b: String) -> Bool { Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) }
}
