import SluiceCore

/// The desired state of a GitRepository: the repository URL, the reference to check out and how to authenticate and verify.
public struct GitRepositorySpec: Sendable, Hashable, Codable {
    /// URL specifies the Git repository URL, it can be an HTTP/S or SSH address.
    public var url: String
    /// SecretRef specifies the Secret containing authentication credentials for the GitRepository.
    public var secretRef: LocalObjectReference?
    /// Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'. When not specified, defaults to 'generic'.
    public var provider: String?
    /// ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the GitRepository. This field is only supported for 'azure' and 'aws' providers.
    public var serviceAccountName: String?
    /// Interval at which the GitRepository URL is checked for updates.
    public var interval: GoDuration
    /// Timeout for Git operations like cloning, defaults to 60s.
    public var timeout: GoDuration?
    /// Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch.
    public var ref: GitRepositoryRef?
    /// Verification specifies the configuration to verify the Git commit signature(s).
    public var verify: GitRepositoryVerification?
    /// ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.
    public var proxySecretRef: LocalObjectReference?
    /// Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore).
    public var ignore: String?
    /// Suspend tells the controller to suspend the reconciliation of this GitRepository.
    public var suspend: Bool?
    /// RecurseSubmodules enables the initialization of all submodules within the GitRepository as cloned from the URL, using their default settings.
    public var recurseSubmodules: Bool?
    /// Include specifies a list of GitRepository resources which Artifacts should be included in the Artifact produced for this GitRepository.
    public var include: [GitRepositoryInclude]?
    /// SparseCheckout specifies a list of directories to checkout when cloning the repository. If specified, only these directories are included in the Artifact produced for this GitRepository.
    public var sparseCheckout: [String]?

    /// A `GitRepositorySpec`.
    public init(
        url: String,
        secretRef: LocalObjectReference? = nil,
        provider: String? = nil,
        serviceAccountName: String? = nil,
        interval: GoDuration,
        timeout: GoDuration? = nil,
        ref: GitRepositoryRef? = nil,
        verify: GitRepositoryVerification? = nil,
        proxySecretRef: LocalObjectReference? = nil,
        ignore: String? = nil,
        suspend: Bool? = nil,
        recurseSubmodules: Bool? = nil,
        include: [GitRepositoryInclude]? = nil,
        sparseCheckout: [String]? = nil
    ) {
        self.url = url
        self.secretRef = secretRef
        self.provider = provider
        self.serviceAccountName = serviceAccountName
        self.interval = interval
        self.timeout = timeout
        self.ref = ref
        self.verify = verify
        self.proxySecretRef = proxySecretRef
        self.ignore = ignore
        self.suspend = suspend
        self.recurseSubmodules = recurseSubmodules
        self.include = include
        self.sparseCheckout = sparseCheckout
    }
}

extension GitRepositorySpec: SchemaDescribed {
    /// The OpenAPI schema of `GitRepositorySpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("GitRepositorySpec specifies the required configuration to produce an Artifact for a Git repository.", [
            .required("url", .string("URL specifies the Git repository URL, it can be an HTTP/S or SSH address.").withPattern(#"^(http|https|ssh|git|file)://.*$"#)),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Secret containing authentication credentials for the GitRepository.")),
            .field("provider", .enum(["generic", "aws", "azure", "github"], "Provider used for authentication, can be 'aws', 'azure', 'github', 'generic'. When not specified, defaults to 'generic'.")),
            .field("serviceAccountName", .string("ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate to the GitRepository. This field is only supported for 'azure' and 'aws' providers.")),
            .required("interval", .duration("Interval at which the GitRepository URL is checked for updates.")),
            .field("timeout", .duration("Timeout for Git operations like cloning, defaults to 60s.", allowingHours: false).withDefault("60s")),
            .field("ref", .ref(GitRepositoryRef.self, "Reference specifies the Git reference to resolve and monitor for changes, defaults to the 'master' branch.")),
            .field("verify", .ref(GitRepositoryVerification.self, "Verification specifies the configuration to verify the Git commit signature(s).")),
            .field("proxySecretRef", .ref(LocalObjectReference.self, "ProxySecretRef specifies the Secret containing the proxy configuration to use while communicating with the Git server.")),
            .field("ignore", .string("Ignore overrides the set of excluded patterns in the .sourceignore format (which is the same as .gitignore).")),
            .field("suspend", .boolean("Suspend tells the controller to suspend the reconciliation of this GitRepository.")),
            .field("recurseSubmodules", .boolean("RecurseSubmodules enables the initialization of all submodules within the GitRepository as cloned from the URL, using their default settings.")),
            .field("include", .array(of: .ref(GitRepositoryInclude.self), "Include specifies a list of GitRepository resources which Artifacts should be included in the Artifact produced for this GitRepository.")),
            .field("sparseCheckout", .array(of: .string(), "SparseCheckout specifies a list of directories to checkout when cloning the repository. If specified, only these directories are included in the Artifact produced for this GitRepository.")),
        ])
            .withValidation(
                rule: "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
                message: "serviceAccountName can only be set when provider is 'azure' or 'aws'")
    }
}
