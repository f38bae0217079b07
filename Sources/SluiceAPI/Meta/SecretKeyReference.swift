import SluiceCore

/// A Secret in the same namespace and, optionally, one of its keys (Flux's `meta.SecretKeyReference`).
public struct SecretKeyReference: Sendable, Hashable, Codable {
    /// Name of the Secret.
    public var name: String
    /// Key in the Secret, when not specified an implementation-specific default key is used.
    public var key: String?

    /// A `SecretKeyReference`.
    public init(name: String, key: String? = nil) {
        self.name = name
        self.key = key
    }
}

extension SecretKeyReference: SchemaDescribed {
    /// The OpenAPI schema of `SecretKeyReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("SecretKeyReference contains enough information to locate the referenced Kubernetes Secret object in the same namespace. Optionally a key can be specified.", [
            .required("name", .string("Name of the Secret.")),
            .field("key", .string("Key in the Secret, when not specified an implementation-specific default key is used.")),
        ])
    }
}
