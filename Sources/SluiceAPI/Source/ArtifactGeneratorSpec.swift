import SluiceCore

/// The desired state of an ArtifactGenerator: the sources it reads and the artifacts it composes from them.
public struct ArtifactGeneratorSpec: Sendable, Hashable, Codable {
    /// CommonMetadata specifies the common labels and annotations applied to every generated ExternalArtifact.
    public var commonMetadata: CommonMetadata?
    /// Sources is a list of references to the Flux source-controller resources used to generate the artifacts.
    public var sources: [ArtifactGeneratorSource]
    /// PathPattern specifies a directory traversal pattern to match within the sources (`@<alias>/<pattern>`).
    public var pathPattern: String?
    /// OutputArtifacts is the list of artifacts to generate (JSON `artifacts`).
    public var artifacts: [OutputArtifact]

    /// An `ArtifactGeneratorSpec`.
    public init(commonMetadata: CommonMetadata? = nil, sources: [ArtifactGeneratorSource], pathPattern: String? = nil,
                artifacts: [OutputArtifact])
    {
        self.commonMetadata = commonMetadata
        self.sources = sources
        self.pathPattern = pathPattern
        self.artifacts = artifacts
    }

    /// The pattern source-watcher gives a source alias reference: `@alias`.
    public static let aliasPattern = "[a-z0-9]([a-z0-9_-]*[a-z0-9])?"
}

extension ArtifactGeneratorSpec: SchemaDescribed {
    /// The OpenAPI schema of `ArtifactGeneratorSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("ArtifactGeneratorSpec defines the desired state of ArtifactGenerator.", [
            .field("commonMetadata", .ref(CommonMetadata.self,
                                          "CommonMetadata specifies the common labels and annotations that are applied to all resources. Any existing label or annotation will be overridden if its key matches a common one.")),
            .required("sources", .array(of: .ref(ArtifactGeneratorSource.self),
                                        "Sources is a list of references to the Flux source-controller resources that will be used to generate the artifact.")
                .withItems(min: 1, max: 1000)),
            .field("pathPattern", .string("PathPattern specifies a directory traversal pattern to match within the sources. The format is \"@<alias>/<pattern>\". Named captures in the pattern (e.g. \"{app}\") can be used as placeholders in OutputArtifacts fields.")
                .withPattern("^@(\(aliasPattern))/(.*)$").withLength(max: 1024)),
            .required("artifacts", .array(of: .ref(OutputArtifact.self), "OutputArtifacts is a list of output artifacts to be generated.")
                .withItems(min: 1, max: 1000)),
        ])
        .withValidation(
            rule: #"has(self.pathPattern) && size(self.pathPattern) > 0 || self.artifacts.all(a, a.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'))"#,
            message: "artifact names must be valid Kubernetes object names when pathPattern is not set")
    }
}
