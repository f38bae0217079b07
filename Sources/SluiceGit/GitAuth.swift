/// Credentials and trust for one repository, from a GitRepository's `spec.secretRef`.
///
/// The Secret keys are `username`/`password` or `bearerToken` for HTTP(S), `identity` (+ `identity.pub`) and
/// `known_hosts` for SSH, and `ca.crt` for HTTPS servers behind a private CA.
public struct GitAuth: Sendable, Hashable {
    /// The HTTP basic-auth user name.
    public var username: String?
    /// The HTTP basic-auth password.
    public var password: String?
    /// A token sent as `Authorization: Bearer …` on every HTTP request.
    public var bearerToken: String?
    /// The SSH private key (PEM or OpenSSH format).
    public var identity: String?
    /// The SSH public key (`identity.pub`); libssh2 derives it from the private key when absent.
    public var identityPublic: String?
    /// The SSH host keys to trust, in OpenSSH `known_hosts` format.
    public var knownHosts: String?
    /// A PEM CA certificate (or bundle) that HTTPS servers may chain to, besides the system roots.
    public var caCertificate: String?

    /// Creates credentials; every field is optional.
    public init(username: String? = nil, password: String? = nil, bearerToken: String? = nil, identity: String? = nil,
                identityPublic: String? = nil, knownHosts: String? = nil, caCertificate: String? = nil) {
        self.username = username
        self.password = password
        self.bearerToken = bearerToken
        self.identity = identity
        self.identityPublic = identityPublic
        self.knownHosts = knownHosts
        self.caCertificate = caCertificate
    }

    /// The secrets that must never appear in a message: password, token, private key.
    var secrets: [String] {
        [password, bearerToken, identity].compactMap { $0 }.filter { $0.count >= 3 }
    }
}
