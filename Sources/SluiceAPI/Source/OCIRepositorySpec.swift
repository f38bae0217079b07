import SluiceCore

/// The desired state of an OCIRepository: the repository URL, which artifact, which layer and how to authenticate.
public struct OCIRepositorySpec: Sendable, Hashable, Codable {
    /// URL is a reference to an OCI artifact repository hosted on a remote container registry.
    public var url: String
    /// The OCI reference to pull and monitor for changes, defaults to the latest tag.
    public var ref: OCIRepositoryRef?
    /// LayerSelector specifies which layer should be extracted from the OCI artifact.
    public var layerSelector: OCILayerSelector?
    /// The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'.
    public var provider: String?
    /// SecretRef contains the secret name containing the registry login credentials (type kubernetes.io/dockerconfigjson).
    public var secretRef: LocalObjectReference?
    /// Verify contains the secret name containing the trusted public keys used to verify the signature.
    public var verify: OCIRepositoryVerification?
    /// ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image pull.
    public var serviceAccountName: String?
    /// CertSecretRef names a Secret with `tls.crt`/`tls.key` and/or `ca.crt` for connecting to the registry.
    public var certSecretRef: LocalObjectReference?
    /// ProxySecretRef specifies the Secret containing the proxy configuration.
    public var proxySecretRef: LocalObjectReference?
    /// Interval at which the OCIRepository URL is checked for updates.
    public var interval: GoDuration
    /// The timeout for remote OCI Repository operations like pulling, defaults to 60s.
    public var timeout: GoDuration?
    /// Ignore overrides the set of excluded patterns in the .sourceignore format.
    public var ignore: String?
    /// Insecure allows connecting to a non-TLS HTTP container registry.
    public var insecure: Bool?
    /// This flag tells the controller to suspend the reconciliation of this source.
    public var suspend: Bool?

    /// An `OCIRepositorySpec`.
    public init(url: String, ref: OCIRepositoryRef? = nil, layerSelector: OCILayerSelector? = nil, provider: String? = nil,
                secretRef: LocalObjectReference? = nil, verify: OCIRepositoryVerification? = nil, serviceAccountName: String? = nil,
                certSecretRef: LocalObjectReference? = nil, proxySecretRef: LocalObjectReference? = nil, interval: GoDuration,
                timeout: GoDuration? = nil, ignore: String? = nil, insecure: Bool? = nil, suspend: Bool? = nil)
    {
        self.url = url
        self.ref = ref
        self.layerSelector = layerSelector
        self.provider = provider
        self.secretRef = secretRef
        self.verify = verify
        self.serviceAccountName = serviceAccountName
        self.certSecretRef = certSecretRef
        self.proxySecretRef = proxySecretRef
        self.interval = interval
        self.timeout = timeout
        self.ignore = ignore
        self.insecure = insecure
        self.suspend = suspend
    }
}

extension OCIRepositorySpec: SchemaDescribed {
    /// The OpenAPI schema of `OCIRepositorySpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("OCIRepositorySpec defines the desired state of OCIRepository", [
            .required("url", .string("URL is a reference to an OCI artifact repository hosted on a remote container registry.").withPattern("^oci://.*$")),
            .field("ref", .ref(OCIRepositoryRef.self, "The OCI reference to pull and monitor for changes, defaults to the latest tag.")),
            .field("layerSelector", .ref(OCILayerSelector.self, "LayerSelector specifies which layer should be extracted from the OCI artifact. When not specified, the first layer found in the artifact is selected.")),
            .field("provider", .enum(["generic", "aws", "azure", "gcp"], "The provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. When not specified, defaults to 'generic'.").withDefault("generic")),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef contains the secret name containing the registry login credentials to resolve image metadata. The secret must be of type kubernetes.io/dockerconfigjson.")),
            .field("verify", .ref(OCIRepositoryVerification.self, "Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic.")),
            .field("serviceAccountName", .string("ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate the image pull if the service account has attached pull secrets.")),
            .field("certSecretRef", .ref(LocalObjectReference.self, "CertSecretRef can be given the name of a Secret containing either or both of a PEM-encoded client certificate (`tls.crt`) and private key (`tls.key`); a PEM-encoded CA certificate (`ca.crt`).")),
            .field("proxySecretRef", .ref(LocalObjectReference.self, "ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the container registry.")),
            .required("interval", .duration("Interval at which the OCIRepository URL is checked for updates. This interval is approximate and may be subject to jitter to ensure efficient use of resources.")),
            .field("timeout", .duration("The timeout for remote OCI Repository operations like pulling, defaults to 60s.", allowingHours: false).withDefault("60s")),
            .field("ignore", .string("Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore). If not provided, a default will be used, consult the documentation for your version to find out what those are.")),
            .field("insecure", .boolean("Insecure allows connecting to a non-TLS HTTP container registry.")),
            .field("suspend", .boolean("This flag tells the controller to suspend the reconciliation of this source.")),
        ])
    }
}
