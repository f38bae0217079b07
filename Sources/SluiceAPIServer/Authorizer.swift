import SluiceCore

/// Kubernetes' RBAC authorizer over the cluster's Roles, ClusterRoles, RoleBindings and ClusterRoleBindings.
///
/// `system:masters` is never denied (as Kubernetes' privileged-group authorizer in front of RBAC); everyone else is
/// allowed exactly what a binding grants (``RBACPolicy/authorize(_:)``), over a policy the cluster rebuilds only when
/// an RBAC object changes.
struct Authorizer: Sendable {
    let cluster: Cluster

    /// Whether `attributes` are allowed.
    func authorize(_ attributes: RequestAttributes) async -> AuthorizationDecision {
        if attributes.user.isMaster { return .allow(reason: "") }
        return await cluster.rbacPolicy().authorize(attributes)
    }

    /// The policy now (for rule listings and escalation checks).
    func policy() async -> RBACPolicy { await cluster.rbacPolicy() }

    /// Throws Kubernetes' 403 unless `attributes` are allowed.
    func check(_ attributes: RequestAttributes) async throws(APIError) {
        let decision = await authorize(attributes)
        guard !decision.isAllowed else { return }
        throw Self.forbidden(attributes, decision: decision)
    }

    /// Kubernetes' 403 for a denied request (`responsewriters.Forbidden`):
    /// `configmaps "x" is forbidden: User "u" cannot get resource "configmaps" in API group "" in the namespace "n"`,
    /// `… at the cluster scope`, `forbidden: User "u" cannot get path "/foo"`, with `: reason` when there is one.
    static func forbidden(_ attributes: RequestAttributes, decision: AuthorizationDecision) -> APIError {
        let user = GoQuote.quote(attributes.user.name)
        var message: String
        if !attributes.isResourceRequest {
            message = "User \(user) cannot \(attributes.verb) path \(GoQuote.quote(attributes.path))"
        } else {
            let resource = attributes.subresource.isEmpty ? attributes.resource : attributes.resource + "/" + attributes.subresource
            message = "User \(user) cannot \(attributes.verb) resource \(GoQuote.quote(resource)) in API group \(GoQuote.quote(attributes.apiGroup))"
            message += attributes.namespace.isEmpty ? " at the cluster scope" : " in the namespace \(GoQuote.quote(attributes.namespace))"
        }
        if case .deny(let reason) = decision, !reason.isEmpty { message += ": " + reason }
        return forbidden(resource: attributes.isResourceRequest ? attributes.resource : "", group: attributes.apiGroup,
                         name: attributes.name, message)
    }

    /// Kubernetes' `NewForbidden`: `resource.group "name" is forbidden: detail` (`forbidden: detail` without a resource).
    static func forbidden(resource: String, group: String, name: String, _ detail: String) -> APIError {
        guard !resource.isEmpty else {
            return APIError(code: 403, reason: "Forbidden", message: "forbidden: \(detail)", name: name.isEmpty ? nil : name)
        }
        let qualified = APIError.qualified(resource, group)
        let message = name.isEmpty ? "\(qualified) is forbidden: \(detail)" : "\(qualified) \(GoQuote.quote(name)) is forbidden: \(detail)"
        return APIError(code: 403, reason: "Forbidden", message: message, name: name.isEmpty ? nil : name, group: group, kind: resource)
    }
}
