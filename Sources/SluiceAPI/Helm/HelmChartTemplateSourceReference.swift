import SluiceCore

/// The source of a HelmRelease's chart template, optionally in another namespace (helm-controller's `CrossNamespaceObjectReference`).
public struct HelmChartTemplateSourceReference: Sendable, Hashable, Codable {
    /// APIVersion of the referent.
    public var apiVersion: String?
    /// Kind of the referent.
    public var kind: String?
    /// Name of the referent.
    public var name: String
    /// Namespace of the referent.
    public var namespace: String?

    /// A `HelmChartTemplateSourceReference`.
    public init(apiVersion: String? = nil, kind: String? = nil, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

extension HelmChartTemplateSourceReference: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartTemplateSourceReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("CrossNamespaceObjectReference contains enough information to let you locate the typed referenced object at cluster level.", [
            .field("apiVersion", .string("APIVersion of the referent.")),
            .field("kind", .enum(["HelmRepository", "GitRepository", "Bucket"], "Kind of the referent.")),
            .required("name", .string("Name of the referent.").withLength(min: 1, max: 253)),
            .field("namespace", .string("Namespace of the referent.").withLength(min: 1, max: 63)),
        ])
    }
}
