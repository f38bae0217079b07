import HTTPTypes

/// Kubernetes' impersonation filter: `Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid` and
/// `Impersonate-Extra-*` headers, each allowed only where RBAC grants the requester `impersonate` on it.
///
/// (Issue 17; the engineer `authn` fills this in. Today any impersonation header is refused.)
enum Impersonation {
    /// The user the request acts as: `authenticated` itself without impersonation headers, else the impersonated
    /// user once `authorizer` allowed every part of it (a 403 naming the part otherwise).
    static func effectiveUser(_ headers: HTTPFields, authenticated: UserInfo, authorizer: Authorizer) async throws(APIError) -> UserInfo {
        let present = headers.contains { field in field.name.canonicalName.hasPrefix("impersonate-") }
        guard present else { return authenticated }
        throw APIError(code: 403, reason: "Forbidden", message: "impersonation is not supported yet")
    }
}
