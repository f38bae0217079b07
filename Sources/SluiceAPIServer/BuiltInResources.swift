import SluiceSchema

/// The built-in kinds the server serves: every resource of Kubernetes v1.32 in ``BuiltInKinds/all`` (its group,
/// versions, scope, short names, categories, subresources and verbs), with the behaviour this server adds per kind.
enum BuiltInResources {
    /// Every built-in resource type.
    static let all: [ResourceType] = BuiltInKinds.all.isEmpty ? handList : types(BuiltInKinds.all)

    /// Kinds whose versions differ in schema so that serving one as another would need conversion: only the
    /// preferred version is served (`autoscaling/v2` HorizontalPodAutoscaler, not `autoscaling/v1`).
    static let preferredOnly: Set<String> = ["autoscaling/horizontalpodautoscalers"]

    /// The review kinds this server answers (``ReviewAnswers``); other create-only kinds (`TokenReview`,
    /// `SubjectAccessReview`, pods' `bindings`) are left out of discovery until RBAC is served.
    static let answeredReviews: Set<String> = [
        "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews",
        "authentication.k8s.io/selfsubjectreviews",
    ]

    /// Kinds whose `metadata.generation` counts spec changes (their strategies' `PrepareForUpdate` bump it).
    static let generationTracking: Set<String> = [
        "apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets", "batch/jobs", "batch/cronjobs",
        "networking.k8s.io/ingresses", "networking.k8s.io/networkpolicies", "networking.k8s.io/ingressclasses",
        "policy/poddisruptionbudgets", "autoscaling/horizontalpodautoscalers", "/replicationcontrollers",
        "apiextensions.k8s.io/customresourcedefinitions", "admissionregistration.k8s.io/validatingadmissionpolicies",
        "flowcontrol.apiserver.k8s.io/flowschemas", "flowcontrol.apiserver.k8s.io/prioritylevelconfigurations",
    ]

    /// Kinds whose `scale` subresource is served over `spec.replicas` and a structured `spec.selector`.
    static let workloadScale: Set<String> = ["apps/deployments", "apps/replicasets", "apps/statefulsets"]

    /// The resource types of the table's entries: one per group and resource, the preferred version first.
    static func types(_ kinds: [BuiltInKind]) -> [ResourceType] {
        var order: [String] = []
        var entries: [String: [BuiltInKind]] = [:]
        for kind in kinds where !kind.plural.contains("/") {
            let key = "\(kind.group)/\(kind.plural)"
            if entries[key] == nil { order.append(key) }
            entries[key, default: []].append(kind)
        }
        return order.compactMap { key -> ResourceType? in
            let versions = entries[key]!
            let preferred = versions.first(where: \.preferred) ?? versions[0]
            if preferred.verbs == ["create"] && !answeredReviews.contains(key) { return nil }
            var served = [preferred.version]
            if !preferredOnly.contains(key) {
                served += ResourceRegistry.sortedVersions(versions.map(\.version).filter { $0 != preferred.version })
            }
            var type = ResourceType(group: preferred.group, versions: served, kind: preferred.kind, plural: preferred.plural,
                                    namespaced: preferred.namespaced, shortNames: preferred.shortNames,
                                    categories: preferred.categories, hasStatus: preferred.subresources.contains("status"),
                                    tracksGeneration: generationTracking.contains(key))
            if !preferred.singular.isEmpty { type.singular = preferred.singular }
            if !preferred.verbs.isEmpty { type.verbs = preferred.verbs }
            if preferred.subresources.contains("scale"), workloadScale.contains(key) { type.scale = .workload }
            return type
        }
    }

    /// The kinds served before the generated table existed (used only while ``BuiltInKinds/all`` is empty).
    static let handList: [ResourceType] = {
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
