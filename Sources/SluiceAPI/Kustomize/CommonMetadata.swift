import SluiceCore

/// Labels and annotations applied to every object a Kustomization applies.
public struct CommonMetadata: Sendable, Hashable, Codable {
    /// Annotations to be added to the object's metadata.
    public var annotations: [String: String]?
    /// Labels to be added to the object's metadata.
    public var labels: [String: String]?

    /// A `CommonMetadata`.
    public init(annotations: [String: String]? = nil, labels: [String: String]? = nil) {
        self.annotations = annotations
        self.labels = labels
    }
}

extension CommonMetadata: SchemaDescribed {
    /// The OpenAPI schema of `CommonMetadata`.
    public static var openAPISchema: OpenAPISchema {
        .object("CommonMetadata defines the common labels and annotations.", [
            .field("annotations", .stringMap("Annotations to be added to the object's metadata.")),
            .field("labels", .stringMap("Labels to be added to the object's metadata.")),
        ])
    }
}
