import SluiceCore

/// Labels and annotations for the HelmChart a HelmRelease creates.
public struct HelmChartTemplateObjectMeta: Sendable, Hashable, Codable {
    /// Map of string keys and values that can be used to organize and categorize (scope and select) objects.
    public var labels: [String: String]?
    /// Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.
    public var annotations: [String: String]?

    /// A `HelmChartTemplateObjectMeta`.
    public init(labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.labels = labels
        self.annotations = annotations
    }
}

extension HelmChartTemplateObjectMeta: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartTemplateObjectMeta`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartTemplateObjectMeta defines the template for the ObjectMeta of a v1.HelmChart.", [
            .field("labels", .stringMap("Map of string keys and values that can be used to organize and categorize (scope and select) objects.")),
            .field("annotations", .stringMap("Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.")),
        ])
    }
}
