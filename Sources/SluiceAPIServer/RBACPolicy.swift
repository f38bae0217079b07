import SluiceCore

/// The cluster's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, indexed for Kubernetes' rule resolver
/// (`pkg/registry/rbac/validation/rule.go`): built once per change of an RBAC object (``Cluster/rbacPolicy()``) and
/// read without the cluster's actor by every request's authorization.
struct RBACPolicy: Sendable {
    /// A subject of a binding: `User`, `Group` or `ServiceAccount`.
    struct Subject: Sendable, Hashable {
        var kind: String
        var name: String
        var namespace: String
    }

    /// A RoleBinding (`namespace` set) or ClusterRoleBinding.
    struct Binding: Sendable {
        var name: String
        var namespace: String
        var roleKind: String
        var roleName: String
        var subjects: [Subject]

        init(_ object: JSONValue) {
            name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? ""
            roleKind = object[path: ["roleRef", "kind"]]?.stringValue ?? ""
            roleName = object[path: ["roleRef", "name"]]?.stringValue ?? ""
            subjects = (object["subjects"]?.arrayValue ?? []).map {
                Subject(kind: $0["kind"]?.stringValue ?? "", name: $0["name"]?.stringValue ?? "", namespace: $0["namespace"]?.stringValue ?? "")
            }
        }

        /// The first subject that is `user` (a ServiceAccount subject without namespace is in the binding's).
        func subject(matching user: UserInfo) -> Subject? {
            subjects.first { subject in
                switch subject.kind {
                case "User": return subject.name == user.name
                case "Group": return user.groups.contains(subject.name)
                case "ServiceAccount":
                    let namespace = subject.namespace.isEmpty ? self.namespace : subject.namespace
                    return !namespace.isEmpty && user.name == "system:serviceaccount:\(namespace):\(subject.name)"
                default: return false
                }
            }
        }

        /// How Kubernetes names the binding and subject in an `allowed by` reason.
        func describe(_ subject: Subject) -> String {
            let who: String
            if subject.kind == "ServiceAccount" {
                who = "\(subject.kind) \(GoQuote.quote(subject.name + "/" + (subject.namespace.isEmpty ? namespace : subject.namespace)))"
            } else {
                who = "\(subject.kind) \(GoQuote.quote(subject.name))"
            }
            let binding = namespace.isEmpty ? "ClusterRoleBinding \(GoQuote.quote(name))" : "RoleBinding \(GoQuote.quote(name + "/" + namespace))"
            return "\(binding) of \(roleKind) \(GoQuote.quote(roleName)) to \(who)"
        }
    }

    /// The resource keys whose objects make up the policy.
    static let clusterRolesKey = "rbac.authorization.k8s.io/clusterroles"
    static let rolesKey = "rbac.authorization.k8s.io/roles"
    static let clusterRoleBindingsKey = "rbac.authorization.k8s.io/clusterrolebindings"
    static let roleBindingsKey = "rbac.authorization.k8s.io/rolebindings"
    static let resourceKeys: Set<String> = [clusterRolesKey, rolesKey, clusterRoleBindingsKey, roleBindingsKey]

    /// Rules by ClusterRole name.
    var clusterRoles: [String: [PolicyRule]] = [:]
    /// Rules by Role `namespace/name`.
    var roles: [String: [PolicyRule]] = [:]
    /// ClusterRoleBindings by name.
    var clusterRoleBindings: [Binding] = []
    /// RoleBindings by namespace, by name.
    var roleBindings: [String: [Binding]] = [:]

    /// The policy of the stored objects (each dictionary maps object keys to objects).
    init(clusterRoles: [String: JSONValue], roles: [String: JSONValue], clusterRoleBindings: [String: JSONValue],
         roleBindings: [String: JSONValue])
    {
        for (key, role) in clusterRoles { self.clusterRoles[key] = PolicyRule.rules(of: role) }
        for (key, role) in roles { self.roles[key] = PolicyRule.rules(of: role) }
        self.clusterRoleBindings = clusterRoleBindings.keys.sorted().compactMap { clusterRoleBindings[$0].map(Binding.init) }
        for key in roleBindings.keys.sorted() {
            guard let object = roleBindings[key] else { continue }
            let binding = Binding(object)
            self.roleBindings[binding.namespace, default: []].append(binding)
        }
    }

    /// The rules a binding's `roleRef` names, or Kubernetes' error (`clusterrole.rbac.authorization.k8s.io "x" not found`).
    func roleReferenceRules(kind: String, name: String, namespace: String) -> Result<[PolicyRule], RBACResolutionError> {
        switch kind {
        case "Role":
            guard let rules = roles[namespace + "/" + name] else { return .failure(.notFound("role", name)) }
            return .success(rules)
        case "ClusterRole":
            guard let rules = clusterRoles[name] else { return .failure(.notFound("clusterrole", name)) }
            return .success(rules)
        default:
            return .failure(RBACResolutionError(message: "unsupported role reference kind: \(GoQuote.quote(kind))"))
        }
    }

    /// Calls `visit` with every rule that applies to `user` in `namespace` (ClusterRoleBindings first, then the
    /// namespace's RoleBindings) and with every role reference that cannot be resolved; stops when it returns false.
    func visitRules(for user: UserInfo, namespace: String,
                    _ visit: (_ source: String?, _ rule: PolicyRule?, _ error: RBACResolutionError?) -> Bool)
    {
        for binding in clusterRoleBindings + (namespace.isEmpty ? [] : roleBindings[namespace] ?? []) {
            guard let subject = binding.subject(matching: user) else { continue }
            switch roleReferenceRules(kind: binding.roleKind, name: binding.roleName, namespace: binding.namespace) {
            case .failure(let error):
                if !visit(nil, nil, error) { return }
            case .success(let rules):
                var source: String?
                for rule in rules {
                    if source == nil { source = binding.describe(subject) }
                    if !visit(source, rule, nil) { return }
                }
            }
        }
    }

    /// Every rule that applies to `user` in `namespace`, and the errors resolving them (`RulesFor`).
    func rules(for user: UserInfo, namespace: String) -> (rules: [PolicyRule], errors: [RBACResolutionError]) {
        var rules: [PolicyRule] = []
        var errors: [RBACResolutionError] = []
        visitRules(for: user, namespace: namespace) { _, rule, error in
            if let rule { rules.append(rule) }
            if let error { errors.append(error) }
            return true
        }
        return (rules, errors)
    }

    /// Kubernetes' RBAC decision: allowed with the binding that allows it, or denied with the role references that
    /// could not be resolved as the reason (`RBAC: clusterrole.rbac.authorization.k8s.io "x" not found`).
    func authorize(_ attributes: RequestAttributes) -> AuthorizationDecision {
        var reason: String?
        var errors: [RBACResolutionError] = []
        visitRules(for: attributes.user, namespace: attributes.namespace) { source, rule, error in
            if let rule, rule.allows(attributes) {
                reason = "RBAC: allowed by " + (source ?? "")
                return false
            }
            if let error { errors.append(error) }
            return true
        }
        if let reason { return .allow(reason: reason) }
        return .deny(reason: errors.isEmpty ? "" : "RBAC: " + RBACResolutionError.aggregate(errors))
    }
}
