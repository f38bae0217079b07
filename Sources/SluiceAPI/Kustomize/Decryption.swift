import SluiceCore

/// How a Kustomization decrypts Secrets before applying them (SOPS).
public struct Decryption: Sendable, Hashable, Codable {
    /// Provider is the name of the decryption engine.
    public var provider: String
    /// ServiceAccountName is the name of the service account used to authenticate with KMS services from cloud providers.
    public var serviceAccountName: String?
    /// The secret name containing the private OpenPGP keys used for decryption.
    public var secretRef: LocalObjectReference?

    /// A `Decryption`.
    public init(provider: String, serviceAccountName: String? = nil, secretRef: LocalObjectReference? = nil) {
        self.provider = provider
        self.serviceAccountName = serviceAccountName
        self.secretRef = secretRef
    }
}

extension Decryption: SchemaDescribed {
    /// The OpenAPI schema of `Decryption`.
    public static var openAPISchema: OpenAPISchema {
        .object("Decryption defines how decryption is handled for Kubernetes manifests.", [
            .required("provider", .enum(["sops"], "Provider is the name of the decryption engine.")),
            .field("serviceAccountName", .string("ServiceAccountName is the name of the service account used to authenticate with KMS services from cloud providers.")),
            .field("secretRef", .ref(LocalObjectReference.self, "The secret name containing the private OpenPGP keys used for decryption.")),
        ])
    }
}
