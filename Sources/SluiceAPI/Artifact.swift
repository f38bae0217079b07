import SluiceCore

/// The output of a source reconciliation: a packaged, versioned tarball, as Flux's `status.artifact`.
public struct Artifact: Sendable, Hashable, Codable {
    /// The path in storage, such as `gitrepository/<ns>/<name>/<sha>.tar.gz`.
    public var path: String
    /// The URL the artifact can be fetched from.
    public var url: String
    /// A human-readable revision, such as `main@sha1:<sha>`.
    public var revision: String
    /// The content digest, `sha256:<hex>`.
    public var digest: String?
    /// When the artifact was last updated (RFC 3339).
    public var lastUpdateTime: String
    /// The size in bytes.
    public var size: Int64?
    /// Extra metadata, such as OCI annotations.
    public var metadata: [String: String]?

    /// An artifact.
    public init(path: String, url: String, revision: String, digest: String? = nil, lastUpdateTime: String, size: Int64? = nil, metadata: [String: String]? = nil) {
        self.path = path
        self.url = url
        self.revision = revision
        self.digest = digest
        self.lastUpdateTime = lastUpdateTime
        self.size = size
        self.metadata = metadata
    }
}
