import HTTPTypes
import NIOCore

/// Who presented a request: Kubernetes' authenticator chain.
///
/// A client certificate the TLS handshake verified against the data directory's CA (user = CN, groups = O), else the
/// bearer token: the kubeconfig's admin token, or a ServiceAccount token (TokenRequest or legacy token Secret, see
/// ``ServiceAccountTokens``). Unknown, invalid, expired or revoked credentials, and none at all, are a 401: anonymous
/// requests are not served (but for the probes `APIResponder` answers before authenticating).
struct Authenticator: Sendable {
    /// The kubeconfig's admin token.
    let adminToken: BearerToken
    /// Signs and checks ServiceAccount tokens; `nil` accepts none.
    var serviceAccountTokens: ServiceAccountTokens? = nil
    /// Checks client certificates; `nil` accepts none.
    var clientCertificates: ClientCertificates? = nil

    /// The user presenting `headers` on `channel`, or a 401.
    func authenticate(_ headers: HTTPFields, channel: any Channel, cluster: Cluster) async throws(APIError) -> UserInfo {
        if let clientCertificates, let user = await clientCertificates.user(on: channel) { return user }
        guard let token = BearerToken.presented(in: headers[.authorization]) else { throw APIError.unauthorized }
        if adminToken.matches(token) { return .admin }
        if let user = await authenticate(token: token, cluster: cluster) { return user }
        throw APIError.unauthorized
    }

    /// The user a bearer `token` authenticates (the admin token or a ServiceAccount token), `nil` for anything else.
    func authenticate(token: String, cluster: Cluster) async -> UserInfo? {
        if adminToken.matches(token) { return .admin }
        guard let serviceAccountTokens, ServiceAccountTokens.looksLikeJWT(token) else { return nil }
        return try? await serviceAccountTokens.authenticate(token, cluster: cluster)
    }
}
