import SluiceCore

/// Kubernetes' privilege-escalation checks on writes of Roles, ClusterRoles, RoleBindings and ClusterRoleBindings
/// (`pkg/registry/rbac/*/policybased/storage.go`): a user outside `system:masters` may only write a role whose rules
/// it holds itself (in that namespace) unless RBAC grants it `escalate` on the role, and only bind a role whose rules
/// it holds unless it has `bind` on the role; writes that change only what the garbage collector changes pass.
enum EscalationCheck {
    static let group = "rbac.authorization.k8s.io"

    /// The rules only `cluster-admin` holds, required to set an `aggregationRule` (it can gather anything).
    static let fullAuthority = [PolicyRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), PolicyRule(verbs: ["*"], nonResourceURLs: ["*"])]

    /// Whether writes of `type` by `user` are checked.
    static func applies(to type: ResourceType, user: UserInfo) -> Bool {
        !user.isMaster && RBACPolicy.resourceKeys.contains(type.key)
    }

    /// Throws Kubernetes' 403 unless `user` may write `object` (the result of the write; `old` the object before it,
    /// if any) of `type` in `namespace` (empty for cluster-scoped kinds).
    static func check(_ object: JSONValue, old: JSONValue?, type: ResourceType, namespace: String, user: UserInfo,
                      authorizer: Authorizer) async throws(APIError)
    {
        guard applies(to: type, user: user) else { return }
        if let old, onlyGarbageCollectorFieldsDiffer(old, object) { return }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        func forbidden(_ detail: String) -> APIError {
            Authorizer.forbidden(resource: type.plural, group: group, name: name, detail)
        }
        let policy = await authorizer.policy()
        switch type.key {
        case RBACPolicy.rolesKey, RBACPolicy.clusterRolesKey:
            let escalate = RequestAttributes(user: user, verb: "escalate", apiGroup: group, resource: type.plural, namespace: namespace,
                                             name: old == nil ? "" : name)
            if await authorizer.authorize(escalate).isAllowed { return }
            if let missing = missingRights(PolicyRule.rules(of: object), user: user, namespace: namespace, policy: policy) {
                throw forbidden(missing)
            }
            let aggregated = { (role: JSONValue?) in role?["aggregationRule"]?.objectValue != nil }
            if type.key == RBACPolicy.clusterRolesKey, aggregated(object) || aggregated(old),
               missingRights(fullAuthority, user: user, namespace: namespace, policy: policy) != nil
            {
                throw forbidden("must have cluster-admin privileges to use the aggregationRule")
            }
        case RBACPolicy.roleBindingsKey, RBACPolicy.clusterRoleBindingsKey:
            let kind = object[path: ["roleRef", "kind"]]?.stringValue ?? ""
            let roleName = object[path: ["roleRef", "name"]]?.stringValue ?? ""
            let bind = RequestAttributes(user: user, verb: "bind", apiGroup: object[path: ["roleRef", "apiGroup"]]?.stringValue ?? group,
                                         resource: kind == "Role" ? "roles" : "clusterroles", namespace: namespace, name: roleName)
            if kind == "Role" || kind == "ClusterRole", await authorizer.authorize(bind).isAllowed { return }
            switch policy.roleReferenceRules(kind: kind, name: roleName, namespace: namespace) {
            case .failure(let error):
                throw forbidden(error.message)
            case .success(let rules):
                if let missing = missingRights(rules, user: user, namespace: namespace, policy: policy) { throw forbidden(missing) }
            }
        default:
            return
        }
    }

    /// Kubernetes' `ConfirmNoEscalation` message when `user` does not hold all of `rules` in `namespace`, else nil:
    /// `user "u" (groups=["g"]) is attempting to grant RBAC permissions not currently held:` and one compacted
    /// missing rule a line, sorted.
    static func missingRights(_ rules: [PolicyRule], user: UserInfo, namespace: String, policy: RBACPolicy) -> String? {
        let (owned, errors) = policy.rules(for: user, namespace: namespace)
        let missing = PolicyRule.uncovered(rules, by: owned)
        guard !missing.isEmpty else { return nil }
        let lines = Set(PolicyRule.compacted(missing).map(\.compactString)).sorted()
        let groups = "[" + user.groups.map { GoQuote.quote($0) }.joined(separator: " ") + "]"
        var message = "user \(GoQuote.quote(user.name)) (groups=\(groups)) is attempting to grant RBAC permissions not currently held:\n"
            + lines.joined(separator: "\n")
        if !errors.isEmpty { message += "; resolution errors: [\(RBACResolutionError.aggregate(errors))]" }
        return message
    }

    /// Whether `new` differs from `old` only in the fields the garbage collector writes (owner references,
    /// finalizers) or the server keeps (`IsOnlyMutatingGCFields`).
    static func onlyGarbageCollectorFieldsDiffer(_ old: JSONValue, _ new: JSONValue) -> Bool {
        func stripped(_ object: JSONValue) -> JSONValue {
            var copy = object
            for field in ["ownerReferences", "finalizers", "managedFields", "resourceVersion", "selfLink", "uid", "creationTimestamp", "generation"] {
                copy[path: ["metadata", field]] = nil
            }
            copy["apiVersion"] = nil
            copy["kind"] = nil
            return copy
        }
        return stripped(old) == stripped(new)
    }
}
