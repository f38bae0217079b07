import Foundation
/// Helm's install order of kinds (`InstallOrder` in `pkg/release/v1/util/kind_sorter.go`); unknown kinds go last,
/// alphabetically.
enum KindOrder {
    static let install = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
        "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
        "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
        "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
        "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    ]

    private static let rank: [String: Int] = Dictionary(uniqueKeysWithValues: install.enumerated().map { ($1, $0) })

    /// Whether kind `a` installs before kind `b` (Helm's `lessByKind`).
    static func less(_ a: String, _ b: String) -> Bool {
        switch (rank[a], rank[b]) {
        case (nil, nil): return a < b
        case (nil, _): return false
        case (_, nil): return true
        case let (x?, y?): return x < y
        }
    }

    /// `items` sorted stably by kind.
    static func sorted<T>(_ items: [T], kind: (T) -> String) -> [T] {
        items.enumerated().sorted { first, second in
            let a = kind(first.element), b = kind(second.element)
            if less(a, b) { return true }
            if less(b, a) { return false }
            return first.offset < second.offset
        }.map(\.element)
    }
}
