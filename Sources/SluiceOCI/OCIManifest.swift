/// An image manifest (OCI or Docker schema 2), or an image index, as the registry serves it.
public struct OCIManifest: Sendable, Hashable, Codable {
    /// `2`.
    public var schemaVersion: Int
    /// The manifest's media type (may be absent in the JSON; then the `Content-Type` tells).
    public var mediaType: String?
    /// The artifact type, for OCI 1.1 artifacts.
    public var artifactType: String?
    /// The config blob (manifests only).
    public var config: OCIDescriptor?
    /// The layers (manifests only).
    public var layers: [OCIDescriptor]?
    /// The manifests (indexes only).
    public var manifests: [OCIDescriptor]?
    /// The annotations (Flux's source, revision, created).
    public var annotations: [String: String]?

    /// A manifest.
    public init(mediaType: String = OCIMediaType.imageManifest, artifactType: String? = nil, config: OCIDescriptor,
                layers: [OCIDescriptor], annotations: [String: String]? = nil)
    {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.artifactType = artifactType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}

/// A manifest as fetched: its decoded form, its exact bytes, digest and media type.
public struct FetchedManifest: Sendable {
    /// The decoded manifest or index.
    public var manifest: OCIManifest
    /// The bytes as served (their digest is ``digest``).
    public var bytes: [UInt8]
    /// `sha256:…` of ``bytes``.
    public var digest: String
    /// The media type (the JSON's, else the `Content-Type`).
    public var mediaType: String
}
