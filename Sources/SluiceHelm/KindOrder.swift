import Foundation
/// Helm's install order of kinds (`InstallOrder` in `pkg/release/v1/util/kind_sorter.go`) and its uninstall order
/// (`UninstallOrder`); unknown kinds go last, alphabetically.
enum KindOrder {
    static let install = [
        "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget",
        "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
        "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role",
        "RoleList", "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet",
        "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
    ]

    /// Helm's `UninstallOrder`: not simply the reverse (Services go before the workloads behind them).
    static let uninstall = [
        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService", "Ingress", "IngressClass", "Service",
        "CronJob", "Job", "StatefulSet", "HorizontalPodAutoscaler", "Deployment", "ReplicaSet", "ReplicationController", "Pod",
        "DaemonSet", "RoleBindingList", "RoleBinding", "RoleList", "Role", "ClusterRoleBindingList", "ClusterRoleBinding",
        "ClusterRoleList", "ClusterRole", "CustomResourceDefinition", "PersistentVolumeClaim", "PersistentVolume", "StorageClass",
        "ConfigMap", "SecretList", "Secret", "ServiceAccount", "PodDisruptionBudget", "PodSecurityPolicy", "LimitRange",
        "ResourceQuota", "NetworkPolicy", "Namespace", "PriorityClass",
    ]

    private static let rank: [String: Int] = Dictionary(uniqueKeysWithValues: install.enumerated().map { ($1, $0) })
    private static let uninstallRank: [String: Int] = Dictionary(uniqueKeysWithValues: uninstall.enumerated().map { ($1, $0) })

    /// Whether kind `a` installs before kind `b` (Helm's `lessByKind`), or, with `uninstalling`, is deleted before it.
    static func less(_ a: String, _ b: String, uninstalling: Bool = false) -> Bool {
        let rank = uninstalling ? uninstallRank : rank
        switch (rank[a], rank[b]) {
        case (nil, nil): return a < b
        case (nil, _): return false
        case (_, nil): return true
        case let (x?, y?): return x < y
        }
    }

    /// `items` sorted stably by kind, in install order or (`uninstalling`) in uninstall order.
    static func sorted<T>(_ items: [T], kind: (T) -> String, uninstalling: Bool = false) -> [T] {
        items.enumerated().sorted { first, second in
            let a = kind(first.element), b = kind(second.element)
            if less(a, b, uninstalling: uninstalling) { return true }
            if less(b, a, uninstalling: uninstalling) { return false }
            return first.offset < second.offset
        }.map(\.element)
    }
}
