import HTTPTypes
import NIOCore

/// Who presented a request: Kubernetes' authenticator chain.
///
/// Today: the kubeconfig's admin token only. (Issue 17: ServiceAccount tokens from the TokenRequest subresource and
/// legacy token Secrets, client certificates signed by the data directory's CA; the engineer `authn` fills this in.)
/// Unknown or missing credentials are a 401: anonymous requests are not served (but for the probes `APIResponder`
/// answers before authenticating).
struct Authenticator: Sendable {
    /// The kubeconfig's admin token.
    let adminToken: BearerToken

    /// The user presenting `headers` on `channel`, or a 401.
    func authenticate(_ headers: HTTPFields, channel: any Channel, cluster: Cluster) async throws(APIError) -> UserInfo {
        if adminToken.isPresented(in: headers[.authorization]) { return .admin }
        throw APIError.unauthorized
    }
}
