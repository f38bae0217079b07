import SluiceCore

/// A typed reference to an object in any namespace (Flux's `meta.NamespacedObjectKindReference`).
public struct NamespacedObjectKindReference: Sendable, Hashable, Codable {
    /// API version of the referent, if not specified the Kubernetes preferred version will be used.
    public var apiVersion: String?
    /// Kind of the referent.
    public var kind: String
    /// Name of the referent.
    public var name: String
    /// Namespace of the referent, when not specified it acts as LocalObjectReference.
    public var namespace: String?

    /// A `NamespacedObjectKindReference`.
    public init(apiVersion: String? = nil, kind: String, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

extension NamespacedObjectKindReference: SchemaDescribed {
    /// The OpenAPI schema of `NamespacedObjectKindReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("NamespacedObjectKindReference contains enough information to locate the typed referenced Kubernetes resource object in any namespace.", [
            .field("apiVersion", .string("API version of the referent, if not specified the Kubernetes preferred version will be used.")),
            .required("kind", .string("Kind of the referent.")),
            .required("name", .string("Name of the referent.")),
            .field("namespace", .string("Namespace of the referent, when not specified it acts as LocalObjectReference.")),
        ])
    }
}
