import SluiceCore

/// Commit signature verification: which objects to verify and the Secret with trusted keys.
public struct GitRepositoryVerification: Sendable, Hashable, Codable {
    /// Mode specifies which Git object(s) should be verified.
    public var mode: String?
    /// SecretRef specifies the Secret containing the public keys of trusted Git authors.
    public var secretRef: LocalObjectReference

    /// A `GitRepositoryVerification`.
    public init(mode: String? = nil, secretRef: LocalObjectReference) {
        self.mode = mode
        self.secretRef = secretRef
    }
}

extension GitRepositoryVerification: SchemaDescribed {
    /// The OpenAPI schema of `GitRepositoryVerification`.
    public static var openAPISchema: OpenAPISchema {
        .object("GitRepositoryVerification specifies the Git commit signature verification strategy.", [
            .field("mode", .enum(["head", "HEAD", "Tag", "TagAndHEAD"], "Mode specifies which Git object(s) should be verified.").withDefault("HEAD")),
            .required("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Secret containing the public keys of trusted Git authors.")),
        ])
    }
}
