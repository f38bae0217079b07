import SluiceCore

/// The desired state of a HelmRepository: the index or OCI registry URL and how to authenticate.
public struct HelmRepositorySpec: Sendable, Hashable, Codable {
    /// URL of the Helm repository, a valid URL contains at least a protocol and host.
    public var url: String
    /// SecretRef specifies the Secret containing authentication credentials for the HelmRepository.
    public var secretRef: LocalObjectReference?
    /// CertSecretRef can be given the name of a Secret containing either or both of a PEM-encoded client certificate (`tls.crt`) and private key (`tls.key`) and a PEM-encoded CA certificate (`ca.crt`).
    public var certSecretRef: LocalObjectReference?
    /// PassCredentials allows the credentials from the SecretRef to be passed on to a host that does not match the host as defined in URL.
    public var passCredentials: Bool?
    /// Interval at which the HelmRepository URL is checked for updates.
    public var interval: GoDuration?
    /// Insecure allows connecting to a non-TLS HTTP container registry. This field is only taken into account if the .spec.type field is set to 'oci'.
    public var insecure: Bool?
    /// Timeout is used for the index fetch operation for an HTTPS helm repository, and for remote OCI Repository operations like pulling for an OCI helm chart by the associated HelmChart. Its default value is 60s.
    public var timeout: GoDuration?
    /// Suspend tells the controller to suspend the reconciliation of this HelmRepository.
    public var suspend: Bool?
    /// AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.
    public var accessFrom: AccessFrom?
    /// Type of the HelmRepository. When this field is set to "oci", the URL field value must be prefixed with "oci://".
    public var type: String?
    /// Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. This field is optional, and only taken into account if the .spec.type field is set to 'oci'. When not specified, defaults to 'generic'.
    public var provider: String?

    /// A `HelmRepositorySpec`.
    public init(
        url: String,
        secretRef: LocalObjectReference? = nil,
        certSecretRef: LocalObjectReference? = nil,
        passCredentials: Bool? = nil,
        interval: GoDuration? = nil,
        insecure: Bool? = nil,
        timeout: GoDuration? = nil,
        suspend: Bool? = nil,
        accessFrom: AccessFrom? = nil,
        type: String? = nil,
        provider: String? = nil
    ) {
        self.url = url
        self.secretRef = secretRef
        self.certSecretRef = certSecretRef
        self.passCredentials = passCredentials
        self.interval = interval
        self.insecure = insecure
        self.timeout = timeout
        self.suspend = suspend
        self.accessFrom = accessFrom
        self.type = type
        self.provider = provider
    }
}

extension HelmRepositorySpec: SchemaDescribed {
    /// The OpenAPI schema of `HelmRepositorySpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmRepositorySpec specifies the required configuration to produce an Artifact for a Helm repository index YAML.", [
            .required("url", .string("URL of the Helm repository, a valid URL contains at least a protocol and host.").withPattern(#"^(http|https|oci)://.*$"#)),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Secret containing authentication credentials for the HelmRepository.")),
            .field("certSecretRef", .ref(LocalObjectReference.self, "CertSecretRef can be given the name of a Secret containing either or both of a PEM-encoded client certificate (`tls.crt`) and private key (`tls.key`) and a PEM-encoded CA certificate (`ca.crt`).")),
            .field("passCredentials", .boolean("PassCredentials allows the credentials from the SecretRef to be passed on to a host that does not match the host as defined in URL.")),
            .field("interval", .duration("Interval at which the HelmRepository URL is checked for updates.")),
            .field("insecure", .boolean("Insecure allows connecting to a non-TLS HTTP container registry. This field is only taken into account if the .spec.type field is set to 'oci'.")),
            .field("timeout", .duration("Timeout is used for the index fetch operation for an HTTPS helm repository, and for remote OCI Repository operations like pulling for an OCI helm chart by the associated HelmChart. Its default value is 60s.", allowingHours: false)),
            .field("suspend", .boolean("Suspend tells the controller to suspend the reconciliation of this HelmRepository.")),
            .field("accessFrom", .ref(AccessFrom.self, "AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.")),
            .field("type", .enum(["default", "oci"], "Type of the HelmRepository. When this field is set to \"oci\", the URL field value must be prefixed with \"oci://\".")),
            .field("provider", .enum(["generic", "aws", "azure", "gcp"], "Provider used for authentication, can be 'aws', 'azure', 'gcp' or 'generic'. This field is optional, and only taken into account if the .spec.type field is set to 'oci'. When not specified, defaults to 'generic'.").withDefault("generic")),
        ])
    }
}
