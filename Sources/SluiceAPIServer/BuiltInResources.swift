/// The table of built-in kinds the server serves.
enum BuiltInResources {
    /// Every built-in resource type.
    static let all: [ResourceType] = {
        func r(_ group: String, _ kind: String, _ plural: String, namespaced: Bool = true, short: [String] = [],
               all: Bool = false, status: Bool = false, generation: Bool = false, scale: Bool = false) -> ResourceType
        {
            var type = ResourceType(group: group, versions: ["v1"], kind: kind, plural: plural, namespaced: namespaced,
                                    shortNames: short, categories: all ? ["all"] : [], hasStatus: status, tracksGeneration: generation)
            if scale { type.scale = .workload }
            return type
        }
        return [
            r("", "Namespace", "namespaces", namespaced: false, short: ["ns"], status: true),
            r("", "ConfigMap", "configmaps", short: ["cm"]),
            r("", "Secret", "secrets"),
            r("", "ServiceAccount", "serviceaccounts", short: ["sa"]),
            r("", "Service", "services", short: ["svc"], all: true, status: true),
            r("", "Endpoints", "endpoints", short: ["ep"]),
            r("", "Pod", "pods", short: ["po"], all: true, status: true),
            r("", "Event", "events", short: ["ev"]),
            r("", "PersistentVolumeClaim", "persistentvolumeclaims", short: ["pvc"], status: true),
            r("apps", "Deployment", "deployments", short: ["deploy"], all: true, status: true, generation: true, scale: true),
            r("apps", "ReplicaSet", "replicasets", short: ["rs"], all: true, status: true, generation: true, scale: true),
            r("apps", "StatefulSet", "statefulsets", short: ["sts"], all: true, status: true, generation: true, scale: true),
            r("apps", "DaemonSet", "daemonsets", short: ["ds"], all: true, status: true, generation: true),
            r("batch", "Job", "jobs", all: true, status: true, generation: true),
            r("batch", "CronJob", "cronjobs", short: ["cj"], all: true, status: true, generation: true),
            r("networking.k8s.io", "Ingress", "ingresses", short: ["ing"], status: true, generation: true),
            r("networking.k8s.io", "NetworkPolicy", "networkpolicies", short: ["netpol"], generation: true),
            r("rbac.authorization.k8s.io", "Role", "roles"),
            r("rbac.authorization.k8s.io", "RoleBinding", "rolebindings"),
            r("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", namespaced: false),
            r("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", namespaced: false),
            r("events.k8s.io", "Event", "events", short: ["ev"]),
            r("coordination.k8s.io", "Lease", "leases"),
            r("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions", namespaced: false,
              short: ["crd", "crds"], status: true, generation: true),
        ]
    }()
}
