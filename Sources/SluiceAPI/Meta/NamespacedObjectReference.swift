import SluiceCore

/// A reference to an object by name and, optionally, namespace (Flux's `meta.NamespacedObjectReference`).
public struct NamespacedObjectReference: Sendable, Hashable, Codable {
    /// Name of the referent.
    public var name: String
    /// Namespace of the referent, when not specified it acts as LocalObjectReference.
    public var namespace: String?

    /// A `NamespacedObjectReference`.
    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
}

extension NamespacedObjectReference: SchemaDescribed {
    /// The OpenAPI schema of `NamespacedObjectReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("NamespacedObjectReference contains enough information to locate the referenced Kubernetes resource object in any namespace.", [
            .required("name", .string("Name of the referent.")),
            .field("namespace", .string("Namespace of the referent, when not specified it acts as LocalObjectReference.")),
        ])
    }
}
