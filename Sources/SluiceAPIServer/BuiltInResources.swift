import SluiceSchema

/// The built-in kinds the server serves: every resource of Kubernetes v1.32 in ``BuiltInKinds/all`` (its group,
/// versions, scope, short names, categories, subresources and verbs), with the behaviour this server adds per kind.
enum BuiltInResources {
    /// Every built-in resource type.
    static let all: [ResourceType] = types(BuiltInKinds.all)

    /// Kinds whose versions differ in schema so that serving one as another would need conversion: only the
    /// preferred version is served (`autoscaling/v2` HorizontalPodAutoscaler, not `autoscaling/v1`).
    static let preferredOnly: Set<String> = ["autoscaling/horizontalpodautoscalers"]

    /// The review kinds this server answers (``ReviewAnswers``); other create-only kinds (`TokenReview`, pods'
    /// `bindings`) are left out of discovery until they are served.
    static let answeredReviews: Set<String> = [
        "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews",
        "authorization.k8s.io/subjectaccessreviews", "authorization.k8s.io/localsubjectaccessreviews",
        "authentication.k8s.io/selfsubjectreviews",
        "authentication.k8s.io/tokenreviews",
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
}
