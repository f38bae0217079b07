/// A content descriptor: what a manifest says about a blob or another manifest.
public struct OCIDescriptor: Sendable, Hashable, Codable {
    /// The content's media type.
    public var mediaType: String
    /// The content's digest, `sha256:…`.
    public var digest: String
    /// The content's size in bytes, as announced.
    public var size: Int64
    /// The descriptor's annotations.
    public var annotations: [String: String]?
    /// For index entries: the platform.
    public var platform: OCIPlatform?
    /// For index entries: the artifact type.
    public var artifactType: String?

    /// A descriptor.
    public init(mediaType: String, digest: String, size: Int64, annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
    }
}

/// An index entry's platform.
public struct OCIPlatform: Sendable, Hashable, Codable {
    /// `linux`, …
    public var os: String?
    /// `amd64`, …
    public var architecture: String?
}
