import Logging
import SluiceCore

extension Cluster {
    /// The RBAC policy of the stored roles and bindings, rebuilt only after one of them changed.
    func rbacPolicy() -> RBACPolicy {
        if let rbacPolicyCache { return rbacPolicyCache }
        let policy = RBACPolicy(clusterRoles: objects[RBACPolicy.clusterRolesKey] ?? [:], roles: objects[RBACPolicy.rolesKey] ?? [:],
                                clusterRoleBindings: objects[RBACPolicy.clusterRoleBindingsKey] ?? [:],
                                roleBindings: objects[RBACPolicy.roleBindingsKey] ?? [:])
        rbacPolicyCache = policy
        return policy
    }

    /// Creates the default ClusterRoles and ClusterRoleBindings (``BootstrapPolicy``) that are missing, and adds back
    /// the rules, aggregation selectors and subjects removed from those still annotated for auto-update (as the API
    /// server's bootstrap reconciliation: extra permissions stay).
    func seedRBAC() {
        let reconcile: [(key: String, objects: [JSONValue])] = [
            (RBACPolicy.clusterRolesKey, BootstrapPolicy.clusterRoleObjects),
            (RBACPolicy.clusterRoleBindingsKey, BootstrapPolicy.clusterRoleBindingObjects),
        ]
        for (key, defaults) in reconcile {
            guard let type = registry.type(key: key) else { continue }
            for expected in defaults {
                let name = expected[path: ["metadata", "name"]]?.stringValue ?? ""
                guard let existing = objects[key]?[name] else {
                    guard let object = try? prepareCreate(type, namespace: nil, body: expected, manager: "sluice") else {
                        logger.error("cannot create a default RBAC object", metadata: ["name": "\(name)"])
                        continue
                    }
                    commit(type, key: name, old: nil, new: object, event: "ADDED")
                    continue
                }
                guard existing[path: ["metadata", "annotations", BootstrapPolicy.autoupdateKey]]?.stringValue == "true" else { continue }
                let reconciled = Self.reconciledDefault(existing, expected: expected)
                if reconciled != existing { commit(type, key: name, old: existing, new: reconciled, event: "MODIFIED") }
            }
        }
        aggregateClusterRoles()
    }

    /// `existing` with what `expected` (a default object) has and it lacks: labels, rules, aggregation selectors, subjects.
    static func reconciledDefault(_ existing: JSONValue, expected: JSONValue) -> JSONValue {
        var result = existing
        for (key, value) in expected[path: ["metadata", "labels"]]?.objectValue ?? JSONObject()
        where existing[path: ["metadata", "labels", key]] == nil {
            result[path: ["metadata", "labels", key]] = value
        }
        if let selectors = expected[path: ["aggregationRule", "clusterRoleSelectors"]]?.arrayValue {
            var present = existing[path: ["aggregationRule", "clusterRoleSelectors"]]?.arrayValue ?? []
            for selector in selectors where !present.contains(selector) { present.append(selector) }
            result[path: ["aggregationRule", "clusterRoleSelectors"]] = .array(present)
        } else if expected["rules"] != nil {
            let missing = PolicyRule.uncovered(PolicyRule.rules(of: expected), by: PolicyRule.rules(of: existing))
            if !missing.isEmpty { result["rules"] = .array((existing["rules"]?.arrayValue ?? []) + missing.map(\.json)) }
        }
        if let subjects = expected["subjects"]?.arrayValue {
            var present = existing["subjects"]?.arrayValue ?? []
            for subject in subjects where !present.contains(subject) { present.append(subject) }
            result["subjects"] = .array(present)
        }
        return result
    }

    /// Gives every ClusterRole with an `aggregationRule` the union of the rules of the other ClusterRoles its
    /// `clusterRoleSelectors` match (by name, each rule once), as Kubernetes' clusterrole-aggregation controller;
    /// repeated until nothing changes, since aggregated roles aggregate into others (`view` into `edit` into `admin`).
    func aggregateClusterRoles() {
        guard !aggregatingClusterRoles, let type = registry.type(key: RBACPolicy.clusterRolesKey) else { return }
        aggregatingClusterRoles = true
        defer { aggregatingClusterRoles = false }
        // Each pass settles at least one more level of nesting; a cycle of selectors settles too, as rules only grow.
        for _ in 0..<16 {
            var changed = false
            let names = keys(of: type.key)
            for name in names {
                guard let role = objects[type.key]?[name],
                      let selectors = role[path: ["aggregationRule", "clusterRoleSelectors"]]?.arrayValue else { continue }
                var rules: [PolicyRule] = []
                for selector in selectors {
                    let labels = LabelSelector(structured: selector)
                    for other in names where other != name {
                        guard let source = objects[type.key]?[other], labels.matches(Self.labels(of: source)) else { continue }
                        for rule in PolicyRule.rules(of: source) where !rules.contains(rule) { rules.append(rule) }
                    }
                }
                guard rules != PolicyRule.rules(of: role) else { continue }
                var updated = role
                updated["rules"] = .array(rules.map(\.json))
                commit(type, key: name, old: role, new: updated, event: "MODIFIED")
                changed = true
            }
            if !changed { return }
        }
    }
}
