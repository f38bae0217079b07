/// What a Provider object and its Secrets say about where and how to post.
public struct ProviderSettings: Sendable, Hashable {
    /// `spec.type`, such as `slack`.
    public var type: String
    /// The endpoint: the Secret's `address`, else `spec.address`.
    public var address: String?
    /// The Secret's `token`.
    public var token: String?
    /// The Secret's `username`, else `spec.username`.
    public var username: String?
    /// The Secret's `password`.
    public var password: String?
    /// `spec.channel`.
    public var channel: String?
    /// Extra header fields from the Secret's `headers` (a YAML map).
    public var headers: [String: String]
    /// The proxy URL: `proxySecretRef`'s `address`, the Secret's `proxy`, else `spec.proxy`.
    public var proxy: String?
    /// A PEM CA bundle from `certSecretRef` (`ca.crt`).
    public var caCertificate: String?
    /// `spec.timeout`, else 15 seconds.
    public var timeout: Duration
    /// The Provider's UID, for commit-status contexts.
    public var uid: String?

    /// Settings.
    public init(type: String, address: String? = nil, token: String? = nil, username: String? = nil, password: String? = nil,
                channel: String? = nil, headers: [String: String] = [:], proxy: String? = nil, caCertificate: String? = nil,
                timeout: Duration = .seconds(15), uid: String? = nil)
    {
        self.type = type
        self.address = address
        self.token = token
        self.username = username
        self.password = password
        self.channel = channel
        self.headers = headers
        self.proxy = proxy
        self.caCertificate = caCertificate
        self.timeout = timeout
        self.uid = uid
    }

    /// The address, or ``ProviderError/missingAddress``.
    func requireAddress() throws -> String {
        guard let address, !address.isEmpty else { throw ProviderError.missingAddress(type: type) }
        guard address.hasPrefix("http://") || address.hasPrefix("https://") else { throw ProviderError.invalidAddress(address) }
        return address
    }

    /// The API token of a Git host's commit-status provider: the Secret's `token`, else its `password`.
    func requireGitToken() throws -> String {
        guard let token = token ?? password, !token.isEmpty else { throw ProviderError.missingToken(type: type) }
        return token
    }

    /// The Secret's headers as request fields, sorted by name.
    var headerFields: [ProviderRequest.HeaderField] {
        headers.sorted { $0.key < $1.key }.map { ProviderRequest.HeaderField($0.key, $0.value) }
    }
}
