import SluiceCore

/// Kubernetes' default RBAC policy (`plugin/pkg/auth/authorizer/rbac/bootstrappolicy`): the ClusterRoles and
/// ClusterRoleBindings every cluster has, labelled `kubernetes.io/bootstrapping: rbac-defaults` and annotated
/// `rbac.authorization.kubernetes.io/autoupdate: "true"`. ``Cluster/seedRBAC()`` creates them and, at every start,
/// adds back what was removed from those still marked for auto-update, as the API server's reconciliation does.
enum BootstrapPolicy {
    static let read = ["get", "list", "watch"]
    static let write = ["create", "delete", "deletecollection", "patch", "update"]
    static let readWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// A default ClusterRole: its rules, its aggregation label value (`admin`, `edit`, `view`) if any, and the
    /// label selecting what it aggregates, if it is aggregated.
    struct Role {
        var name: String
        var rules: [PolicyRule] = []
        var aggregateTo: String?
        var aggregates: String?
    }

    /// `verbs` on `resources` of `group`.
    static func rule(_ verbs: [String], _ group: String, _ resources: [String], names: [String] = []) -> PolicyRule {
        PolicyRule(verbs: verbs, apiGroups: [group], resources: resources, resourceNames: names)
    }

    /// `get` on the URLs.
    static func urls(_ urls: [String], verbs: [String] = ["get"]) -> PolicyRule {
        PolicyRule(verbs: verbs, nonResourceURLs: urls)
    }

    static let clusterRoles: [Role] = [
        Role(name: "cluster-admin", rules: [rule(["*"], "*", ["*"]), urls(["*"], verbs: ["*"])]),
        Role(name: "admin", aggregates: "admin"),
        Role(name: "edit", aggregateTo: "admin", aggregates: "edit"),
        Role(name: "view", aggregateTo: "edit", aggregates: "view"),
        Role(name: "system:aggregate-to-admin", rules: [
            rule(["create"], "authorization.k8s.io", ["localsubjectaccessreviews"]),
            rule(readWrite, "rbac.authorization.k8s.io", ["rolebindings", "roles"]),
        ], aggregateTo: "admin"),
        Role(name: "system:aggregate-to-edit", rules: [
            rule(read, "", ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            rule(["impersonate"], "", ["serviceaccounts"]),
            rule(write, "", ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            rule(["create"], "", ["pods/eviction"]),
            rule(write, "", ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale",
                             "secrets", "serviceaccounts", "services", "services/proxy"]),
            rule(["create"], "", ["serviceaccounts/token"]),
            rule(write, "apps", ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets",
                                 "replicasets/scale", "statefulsets", "statefulsets/scale"]),
            rule(write, "autoscaling", ["horizontalpodautoscalers"]),
            rule(write, "batch", ["cronjobs", "jobs"]),
            rule(write, "extensions", ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses",
                                       "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
            rule(write, "policy", ["poddisruptionbudgets"]),
            rule(write, "networking.k8s.io", ["ingresses", "networkpolicies"]),
            rule(readWrite, "coordination.k8s.io", ["leases"]),
        ], aggregateTo: "edit"),
        Role(name: "system:aggregate-to-view", rules: [
            rule(read, "", ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods",
                            "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            rule(read, "", ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status",
                            "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            rule(read, "", ["namespaces"]),
            rule(read, "discovery.k8s.io", ["endpointslices"]),
            rule(read, "apps", ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale",
                                "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets",
                                "statefulsets/scale", "statefulsets/status"]),
            rule(read, "autoscaling", ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            rule(read, "batch", ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            rule(read, "extensions", ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
                                      "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale",
                                      "replicasets/status", "replicationcontrollers/scale"]),
            rule(read, "policy", ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            rule(read, "networking.k8s.io", ["ingresses", "ingresses/status", "networkpolicies"]),
        ], aggregateTo: "view"),
        Role(name: "system:auth-delegator", rules: [
            rule(["create"], "authentication.k8s.io", ["tokenreviews"]),
            rule(["create"], "authorization.k8s.io", ["subjectaccessreviews"]),
        ]),
        Role(name: "system:basic-user", rules: [
            rule(["create"], "authorization.k8s.io", ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            rule(["create"], "authentication.k8s.io", ["selfsubjectreviews"]),
        ]),
        Role(name: "system:discovery", rules: [
            urls(["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]),
        ]),
        Role(name: "system:public-info-viewer", rules: [urls(["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        Role(name: "system:monitoring", rules: [
            urls(["/healthz", "/healthz/*", "/livez", "/livez/*", "/metrics", "/metrics/slis", "/readyz", "/readyz/*"]),
        ]),
        Role(name: "system:kube-aggregator", rules: [rule(read, "", ["endpoints", "services"])]),
        Role(name: "system:heapster", rules: [rule(read, "", ["events", "namespaces", "nodes", "pods"]), rule(read, "extensions", ["deployments"])]),
    ]

    /// The default ClusterRoleBindings: name (also the ClusterRole's), and the groups bound.
    static let clusterRoleBindings: [(name: String, groups: [String])] = [
        ("cluster-admin", [UserInfo.mastersGroup]),
        ("system:basic-user", [UserInfo.authenticatedGroup]),
        ("system:discovery", [UserInfo.authenticatedGroup]),
        ("system:monitoring", ["system:monitoring"]),
        ("system:public-info-viewer", [UserInfo.authenticatedGroup, "system:unauthenticated"]),
    ]

    static let labelKey = "kubernetes.io/bootstrapping"
    static let autoupdateKey = "rbac.authorization.kubernetes.io/autoupdate"
    static let aggregateLabelPrefix = "rbac.authorization.k8s.io/aggregate-to-"

    static func metadata(_ name: String, labels extra: [String: String] = [:]) -> JSONValue {
        var labels: JSONObject = [labelKey: "rbac-defaults"]
        for (key, value) in extra { labels[key] = .string(value) }
        return ["name": .string(name), "labels": .object(labels), "annotations": [autoupdateKey: "true"]]
    }

    /// The default ClusterRoles as objects (aggregated ones with no rules: aggregation fills them).
    static var clusterRoleObjects: [JSONValue] {
        clusterRoles.map { role in
            var object: JSONValue = ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                                     "metadata": metadata(role.name, labels: role.aggregateTo.map { [aggregateLabelPrefix + $0: "true"] } ?? [:])]
            if let aggregates = role.aggregates {
                object["aggregationRule"] = ["clusterRoleSelectors": [["matchLabels": [aggregateLabelPrefix + aggregates: "true"]]]]
            } else {
                object["rules"] = .array(role.rules.map(\.json))
            }
            return object
        }
    }

    /// The default ClusterRoleBindings as objects.
    static var clusterRoleBindingObjects: [JSONValue] {
        clusterRoleBindings.map { binding in
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": metadata(binding.name),
             "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(binding.name)],
             "subjects": .array(binding.groups.map { ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string($0)] })]
        }
    }
}
