import SluiceCore

/// Another GitRepository whose artifact is copied into this one's, from one path to another.
public struct GitRepositoryInclude: Sendable, Hashable, Codable {
    /// GitRepositoryRef specifies the GitRepository which Artifact contents must be included.
    public var repository: LocalObjectReference
    /// FromPath specifies the path to copy contents from, defaults to the root of the Artifact.
    public var fromPath: String?
    /// ToPath specifies the path to copy contents to, defaults to the name of the GitRepositoryRef.
    public var toPath: String?

    /// A `GitRepositoryInclude`.
    public init(repository: LocalObjectReference, fromPath: String? = nil, toPath: String? = nil) {
        self.repository = repository
        self.fromPath = fromPath
        self.toPath = toPath
    }
}

extension GitRepositoryInclude: SchemaDescribed {
    /// The OpenAPI schema of `GitRepositoryInclude`.
    public static var openAPISchema: OpenAPISchema {
        .object("GitRepositoryInclude specifies a local reference to a GitRepository which Artifact (sub-)contents must be included, and where they should be placed.", [
            .required("repository", .ref(LocalObjectReference.self, "GitRepositoryRef specifies the GitRepository which Artifact contents must be included.")),
            .field("fromPath", .string("FromPath specifies the path to copy contents from, defaults to the root of the Artifact.")),
            .field("toPath", .string("ToPath specifies the path to copy contents to, defaults to the name of the GitRepositoryRef.")),
        ])
    }
}
