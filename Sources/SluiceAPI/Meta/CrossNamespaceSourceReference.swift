import SluiceCore

/// A typed reference to a source object, optionally in another namespace (Kustomization `sourceRef`, HelmRelease `chartRef`).
/// 
/// Which kinds are allowed depends on the field; the schema is narrowed where it is used.
public struct CrossNamespaceSourceReference: Sendable, Hashable, Codable {
    /// API version of the referent.
    public var apiVersion: String?
    /// Kind of the referent.
    public var kind: String
    /// Name of the referent.
    public var name: String
    /// Namespace of the referent, defaults to the namespace of the Kubernetes resource object that contains the reference.
    public var namespace: String?

    /// A `CrossNamespaceSourceReference`.
    public init(apiVersion: String? = nil, kind: String, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

extension CrossNamespaceSourceReference: SchemaDescribed {
    /// The OpenAPI schema of `CrossNamespaceSourceReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("CrossNamespaceSourceReference contains enough information to let you locate the typed referenced object at cluster level.", [
            .field("apiVersion", .string("API version of the referent.")),
            .required("kind", .string("Kind of the referent.")),
            .required("name", .string("Name of the referent.")),
            .field("namespace", .string("Namespace of the referent, defaults to the namespace of the Kubernetes resource object that contains the reference.")),
        ])
    }
}
