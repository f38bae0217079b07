/// How an ``OCIClient`` connects: credentials, TLS material, plain HTTP, timeouts and size bounds.
public struct OCIClientOptions: Sendable {
    /// Credentials for the registry; anonymous when nil (an anonymous token is still asked for when challenged).
    public var credentials: OCICredentials?
    /// PEM CA certificates to trust instead of the system's.
    public var caCertificatePEM: [UInt8]?
    /// PEM client certificate (with ``clientKeyPEM``).
    public var clientCertificatePEM: [UInt8]?
    /// PEM client key.
    public var clientKeyPEM: [UInt8]?
    /// Speak plain HTTP (`insecure`).
    public var insecure: Bool
    /// The bound on each operation (a pull: the manifest and all blobs).
    public var timeout: Duration
    /// The largest manifest or index read (4 MiB, as the distribution registry's own limit).
    public var maxManifestSize: Int64
    /// The largest blob read.
    public var maxBlobSize: Int64

    /// Options; defaults: anonymous, system CAs, HTTPS, 60 s, 4 MiB manifests, 100 MiB blobs.
    public init(credentials: OCICredentials? = nil, caCertificatePEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil,
                clientKeyPEM: [UInt8]? = nil, insecure: Bool = false, timeout: Duration = .seconds(60),
                maxManifestSize: Int64 = 4 << 20, maxBlobSize: Int64 = 100 << 20)
    {
        self.credentials = credentials
        self.caCertificatePEM = caCertificatePEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecure = insecure
        self.timeout = timeout
        self.maxManifestSize = maxManifestSize
        self.maxBlobSize = maxBlobSize
    }
}
