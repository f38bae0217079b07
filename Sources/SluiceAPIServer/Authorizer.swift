/// Kubernetes' RBAC authorizer over the cluster's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings.
///
/// Today: `system:masters` may do everything, everyone else nothing. (Issue 17; the engineer `rbac` fills in the
/// evaluation, the default roles, aggregation and the 403 messages.)
struct Authorizer: Sendable {
    let cluster: Cluster

    /// Whether `attributes` are allowed.
    func authorize(_ attributes: RequestAttributes) async -> AuthorizationDecision {
        if attributes.user.isMaster { return .allow(reason: "") }
        return .deny(reason: "")
    }

    /// Throws Kubernetes' 403 unless `attributes` are allowed.
    func check(_ attributes: RequestAttributes) async throws(APIError) {
        let decision = await authorize(attributes)
        guard !decision.isAllowed else { return }
        throw Self.forbidden(attributes, decision: decision)
    }

    /// Kubernetes' 403 for a denied request
    /// (`configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "n"`).
    static func forbidden(_ attributes: RequestAttributes, decision: AuthorizationDecision) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "forbidden: User \"\(attributes.user.name)\" cannot \(attributes.verb)")
    }
}
