import SluiceCore

/// A reference to an object in the same namespace, by name (Flux's `meta.LocalObjectReference`).
public struct LocalObjectReference: Sendable, Hashable, Codable {
    /// Name of the referent.
    public var name: String

    /// A `LocalObjectReference`.
    public init(name: String) {
        self.name = name
    }
}

extension LocalObjectReference: SchemaDescribed {
    /// The OpenAPI schema of `LocalObjectReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("LocalObjectReference contains enough information to locate the referenced Kubernetes resource object.", [
            .required("name", .string("Name of the referent.")),
        ])
    }
}
