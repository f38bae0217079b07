import SluiceCore

/// Which objects a patch or rule applies to: by group, version, kind, namespace, name and label or annotation selectors (Flux's `kustomize.Selector`).
public struct Selector: Sendable, Hashable, Codable {
    /// Group is the API group to select resources from.
    public var group: String?
    /// Version of the API Group to select resources from.
    public var version: String?
    /// Kind of the API Group to select resources from.
    public var kind: String?
    /// Namespace to select resources from.
    public var namespace: String?
    /// Name to match resources with.
    public var name: String?
    /// AnnotationSelector is a string that follows the label selection expression https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api It matches with the resource annotations.
    public var annotationSelector: String?
    /// LabelSelector is a string that follows the label selection expression https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api It matches with the resource labels.
    public var labelSelector: String?

    /// A `Selector`.
    public init(
        group: String? = nil,
        version: String? = nil,
        kind: String? = nil,
        namespace: String? = nil,
        name: String? = nil,
        annotationSelector: String? = nil,
        labelSelector: String? = nil
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.annotationSelector = annotationSelector
        self.labelSelector = labelSelector
    }
}

extension Selector: SchemaDescribed {
    /// The OpenAPI schema of `Selector`.
    public static var openAPISchema: OpenAPISchema {
        .object("Selector specifies a set of resources. Any resource that matches intersection of all conditions is included in this set.", [
            .field("group", .string("Group is the API group to select resources from.")),
            .field("version", .string("Version of the API Group to select resources from.")),
            .field("kind", .string("Kind of the API Group to select resources from.")),
            .field("namespace", .string("Namespace to select resources from.")),
            .field("name", .string("Name to match resources with.")),
            .field("annotationSelector", .string("AnnotationSelector is a string that follows the label selection expression https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api It matches with the resource annotations.")),
            .field("labelSelector", .string("LabelSelector is a string that follows the label selection expression https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#api It matches with the resource labels.")),
        ])
    }
}
