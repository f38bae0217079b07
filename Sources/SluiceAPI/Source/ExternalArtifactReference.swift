import SluiceCore

/// A generated ExternalArtifact in an ArtifactGenerator's inventory, with its digest.
public struct ExternalArtifactReference: Sendable, Hashable, Codable {
    /// Name of the referent artifact.
    public var name: String
    /// Namespace of the referent artifact.
    public var namespace: String
    /// Digest of the referent artifact.
    public var digest: String
    /// Filename is the name of the artifact file.
    public var filename: String

    /// An `ExternalArtifactReference`.
    public init(name: String, namespace: String, digest: String, filename: String) {
        self.name = name
        self.namespace = namespace
        self.digest = digest
        self.filename = filename
    }
}

extension ExternalArtifactReference: SchemaDescribed {
    /// The OpenAPI schema of `ExternalArtifactReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("ExternalArtifactReference contains the reference to a generated ExternalArtifact along with its digest.", [
            .required("name", .string("Name of the referent artifact.")),
            .required("namespace", .string("Namespace of the referent artifact.")),
            .required("digest", .string("Digest of the referent artifact.")),
            .required("filename", .string("Filename is the name of the artifact file.")),
        ])
    }
}
