import SluiceCore

/// A source an ArtifactGenerator reads, under an alias its copy rules name (source-watcher's `SourceReference`).
public struct ArtifactGeneratorSource: Sendable, Hashable, Codable {
    /// Alias of the source within the ArtifactGenerator context; unique per generator.
    public var alias: String
    /// Name of the source.
    public var name: String
    /// Namespace of the source; the generator's own when not set.
    public var namespace: String?
    /// Kind of the source: `Bucket`, `GitRepository`, `OCIRepository`, `HelmChart` or `ExternalArtifact`.
    public var kind: String

    /// An `ArtifactGeneratorSource`.
    public init(alias: String, name: String, namespace: String? = nil, kind: String) {
        self.alias = alias
        self.name = name
        self.namespace = namespace
        self.kind = kind
    }

    /// The kinds source-watcher accepts.
    public static let kinds = ["Bucket", "GitRepository", "OCIRepository", "HelmChart", "ExternalArtifact"]
}

extension ArtifactGeneratorSource: SchemaDescribed {
    /// The OpenAPI schema of `SourceReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("SourceReference contains the reference to a Flux source-controller resource.", [
            .required("alias", .string("Alias of the source within the ArtifactGenerator context. The alias must be unique per ArtifactGenerator, and must consist of lower case alphanumeric characters, underscores, and hyphens. It must start and end with an alphanumeric character.")
                .withPattern("^\(ArtifactGeneratorSpec.aliasPattern)$").withLength(max: 63)),
            .required("name", .string("Name of the source.").withPattern("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$").withLength(max: 253)),
            .field("namespace", .string("Namespace of the source. If not provided, defaults to the same namespace as the ArtifactGenerator.")
                .withPattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").withLength(min: 1, max: 63)),
            .required("kind", .enum(kinds, "Kind of the source.")),
        ])
    }
}
