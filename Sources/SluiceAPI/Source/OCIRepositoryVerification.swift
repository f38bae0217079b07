import SluiceCore

/// How to verify an OCI artifact's signature: cosign or notation, with trusted keys or keyless identities.
public struct OCIRepositoryVerification: Sendable, Hashable, Codable {
    /// Provider specifies the technology used to sign the OCI Artifact.
    public var provider: String
    /// SecretRef specifies the Kubernetes Secret containing the trusted public keys.
    public var secretRef: LocalObjectReference?
    /// MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing.
    public var matchOIDCIdentity: [OIDCIdentityMatch]?
    /// TrustedRootSecretRef specifies the Kubernetes Secret containing a Sigstore trusted_root.json file.
    public var trustedRootSecretRef: LocalObjectReference?

    /// An `OCIRepositoryVerification`.
    public init(
        provider: String,
        secretRef: LocalObjectReference? = nil,
        matchOIDCIdentity: [OIDCIdentityMatch]? = nil,
        trustedRootSecretRef: LocalObjectReference? = nil
    ) {
        self.provider = provider
        self.secretRef = secretRef
        self.matchOIDCIdentity = matchOIDCIdentity
        self.trustedRootSecretRef = trustedRootSecretRef
    }
}

extension OCIRepositoryVerification: SchemaDescribed {
    /// The OpenAPI schema of `OCIRepositoryVerification`.
    public static var openAPISchema: OpenAPISchema {
        .object("OCIRepositoryVerification verifies the authenticity of an OCI Artifact.", [
            .required("provider", .enum(["cosign", "notation"], "Provider specifies the technology used to sign the OCI Artifact.").withDefault("cosign")),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Kubernetes Secret containing the trusted public keys.")),
            .field("matchOIDCIdentity", .array(of: .ref(OIDCIdentityMatch.self), "MatchOIDCIdentity specifies the identity matching criteria to use while verifying an OCI artifact which was signed using Cosign keyless signing.")),
            .field("trustedRootSecretRef", .ref(LocalObjectReference.self, "TrustedRootSecretRef specifies the Kubernetes Secret containing a Sigstore trusted_root.json file.")),
        ])
    }
}
