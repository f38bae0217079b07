import SluiceCore

/// How to reach a remote cluster: a kubeconfig Secret, or a cloud provider's cluster (Flux's `meta.KubeConfigReference`).
public struct KubeConfigReference: Sendable, Hashable, Codable {
    /// Provider is the optional name of the cloud provider that should be used to authenticate to the Kubernetes API server. Can be one of "aws", "azure", "gcp", or "generic". Defaults to "generic".
    public var provider: String?
    /// Cluster is the optional fully qualified resource name of the Kubernetes cluster in the cloud provider to connect to. Not supported for the generic provider, required for the other providers.
    public var cluster: String?
    /// Address is the optional address of the Kubernetes API server. Not supported for the generic provider. Must be a valid HTTPS endpoint, e.g. "https://api.example.com:6443".
    public var address: String?
    /// ServiceAccountName is the optional name of the Kubernetes ServiceAccount in the same namespace that should be used to authenticate to the Kubernetes API server. Not supported for the generic provider.
    public var serviceAccountName: String?
    /// SecretRef holds an optional name of a secret that contains a key with the kubeconfig file as the value. If no key is set, the key will default to 'value'. Supported only for the generic provider.
    public var secretRef: SecretKeyReference?

    /// A `KubeConfigReference`.
    public init(
        provider: String? = nil,
        cluster: String? = nil,
        address: String? = nil,
        serviceAccountName: String? = nil,
        secretRef: SecretKeyReference? = nil
    ) {
        self.provider = provider
        self.cluster = cluster
        self.address = address
        self.serviceAccountName = serviceAccountName
        self.secretRef = secretRef
    }
}

extension KubeConfigReference: SchemaDescribed {
    /// The OpenAPI schema of `KubeConfigReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("KubeConfigReference contains enough information to build a kubeconfig in memory for connecting to remote Kubernetes clusters.", [
            .field("provider", .enum(["aws", "azure", "gcp", "generic"], "Provider is the optional name of the cloud provider that should be used to authenticate to the Kubernetes API server. Can be one of \"aws\", \"azure\", \"gcp\", or \"generic\". Defaults to \"generic\".").withDefault("generic")),
            .field("cluster", .string("Cluster is the optional fully qualified resource name of the Kubernetes cluster in the cloud provider to connect to. Not supported for the generic provider, required for the other providers.")),
            .field("address", .string("Address is the optional address of the Kubernetes API server. Not supported for the generic provider. Must be a valid HTTPS endpoint, e.g. \"https://api.example.com:6443\".").withPattern(#"^https://.*"#)),
            .field("serviceAccountName", .string("ServiceAccountName is the optional name of the Kubernetes ServiceAccount in the same namespace that should be used to authenticate to the Kubernetes API server. Not supported for the generic provider.")),
            .field("secretRef", .ref(SecretKeyReference.self, "SecretRef holds an optional name of a secret that contains a key with the kubeconfig file as the value. If no key is set, the key will default to 'value'. Supported only for the generic provider.")),
        ])
            .withValidation(rule: "has(self.secretRef) || (has(self.provider) && self.provider != 'generic')",
                            message: ".secretRef is required for the 'generic' .provider")
            .withValidation(rule: "!has(self.secretRef) || !has(self.provider) || self.provider == 'generic'",
                            message: ".secretRef is not supported for the specified .provider")
            .withValidation(rule: "!has(self.serviceAccountName) || (has(self.provider) && self.provider != 'generic')",
                            message: ".serviceAccountName is not supported when .provider is empty or 'generic'")
            .withValidation(rule: "!has(self.cluster) || (has(self.provider) && self.provider != 'generic')",
                            message: ".cluster is not supported when .provider is empty or 'generic'")
            .withValidation(rule: "!has(self.address) || (has(self.provider) && self.provider != 'generic')",
                            message: ".address is not supported when .provider is empty or 'generic'")
    }
}
