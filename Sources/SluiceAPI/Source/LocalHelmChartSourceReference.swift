import SluiceCore

/// The source a HelmChart's chart comes from, in the same namespace.
public struct LocalHelmChartSourceReference: Sendable, Hashable, Codable {
    /// APIVersion of the referent.
    public var apiVersion: String?
    /// Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket').
    public var kind: String
    /// Name of the referent.
    public var name: String

    /// A `LocalHelmChartSourceReference`.
    public init(apiVersion: String? = nil, kind: String, name: String) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
    }
}

extension LocalHelmChartSourceReference: SchemaDescribed {
    /// The OpenAPI schema of `LocalHelmChartSourceReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("LocalHelmChartSourceReference contains enough information to let you locate the typed referenced object at namespace level.", [
            .field("apiVersion", .string("APIVersion of the referent.")),
            .required("kind", .enum(["HelmRepository", "GitRepository", "Bucket"], "Kind of the referent, valid values are ('HelmRepository', 'GitRepository', 'Bucket').")),
            .required("name", .string("Name of the referent.")),
        ])
    }
}
