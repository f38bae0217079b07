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
        // The strings compared (by bytes, as Go compares strings) are made once per object, not once per comparison,
        // and indices are moved, not objects.
        let keys = resources.map { resource in
            let id = resource.currentId
            return (gvk: id.gvk, rank: ranks[id.gvk.kind] ?? 0, gvkText: Array(Self.gvkString(id.gvk).utf8), description: Array(id.description.utf8))
        }
        return keys.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.gvk != b.gvk {
                if a.rank != b.rank { return a.rank < b.rank }
                if a.gvk.kind == "Namespace" && b.gvk.kind == "Namespace" && (a.gvk.group.isEmpty || b.gvk.group.isEmpty) {
                    return b.gvkText.lexicographicallyPrecedes(a.gvkText)
                }
                return a.gvkText.lexicographicallyPrecedes(b.gvkText)
            }
            return a.description.lexicographicallyPrecedes(b.description)
        }.map { resources[$0] }
    }

    static func gvkString(_ gvk: GroupVersionKind) -> String {
        "\(gvk.group.isEmpty ? "~G" : gvk.group)_\(gvk.version.isEmpty ? "~V" : gvk.version)_\(gvk.kind.isEmpty ? "~K" : gvk.kind)"
    }
}
