import SluiceCore

/// Which layer of an OCI artifact becomes the OCIRepository's artifact, and whether it is extracted or copied.
public struct OCILayerSelector: Sendable, Hashable, Codable {
    /// MediaType specifies the OCI media type of the layer which should be extracted from the OCI Artifact. The first layer matching this type is selected.
    public var mediaType: String?
    /// Operation specifies how the selected layer should be processed (`extract`, the default, or `copy`).
    public var operation: String?

    /// An `OCILayerSelector`.
    public init(mediaType: String? = nil, operation: String? = nil) {
        self.mediaType = mediaType
        self.operation = operation
    }

    /// `extract`.
    public static let extract = "extract"
    /// `copy`.
    public static let copy = "copy"
}

extension OCILayerSelector: SchemaDescribed {
    /// The OpenAPI schema of `OCILayerSelector`.
    public static var openAPISchema: OpenAPISchema {
        .object("OCILayerSelector specifies which layer should be extracted from an OCI Artifact", [
            .field("mediaType", .string("MediaType specifies the OCI media type of the layer which should be extracted from the OCI Artifact. The first layer matching this type is selected.")),
            .field("operation", .enum(["extract", "copy"], "Operation specifies how the selected layer should be processed. By default, the layer compressed content is extracted to storage. When the operation is set to 'copy', the layer compressed content is persisted to storage as it is.")),
        ])
    }
}
