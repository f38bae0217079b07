import SluiceCore

/// A typed reference to objects by name (or `*`), namespace and labels, as Alert event sources and Receiver resources name them.
public struct CrossNamespaceObjectReference: Sendable, Hashable, Codable {
    /// API version of the referent.
    public var apiVersion: String?
    /// Kind of the referent.
    public var kind: String
    /// Name of the referent. If multiple resources are targeted `*` may be set.
    public var name: String
    /// Namespace of the referent. If multiple resources across all namespaces are targeted `*` may be set, which requires the name to also be set to `*`.
    public var namespace: String?
    /// MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed. MatchLabels requires the name to be set to `*`.
    public var matchLabels: [String: String]?

    /// A `CrossNamespaceObjectReference`.
    public init(
        apiVersion: String? = nil,
        kind: String,
        name: String,
        namespace: String? = nil,
        matchLabels: [String: String]? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.matchLabels = matchLabels
    }
}

extension CrossNamespaceObjectReference: SchemaDescribed {
    /// The OpenAPI schema of `CrossNamespaceObjectReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("CrossNamespaceObjectReference contains enough information to let you locate the typed referenced object at cluster level.", [
            .field("apiVersion", .string("API version of the referent.")),
            .required("kind", .enum(["Bucket", "GitRepository", "Kustomization", "HelmRelease", "HelmChart", "HelmRepository", "ImageRepository", "ImagePolicy", "ImageUpdateAutomation", "OCIRepository", "ArtifactGenerator", "ExternalArtifact"], "Kind of the referent.")),
            .required("name", .string("Name of the referent. If multiple resources are targeted `*` may be set.").withLength(min: 1, max: 253)),
            .field("namespace", .string("Namespace of the referent. If multiple resources across all namespaces are targeted `*` may be set, which requires the name to also be set to `*`.").withLength(min: 1, max: 253)),
            .field("matchLabels", .stringMap("MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed. MatchLabels requires the name to be set to `*`.")),
        ])
    }
}
