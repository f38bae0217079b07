import SluiceCore

/// Namespaces selected by labels (Flux's `acl.NamespaceSelector`); an empty selector matches all namespaces.
public struct NamespaceSelector: Sendable, Hashable, Codable {
    /// MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.
    public var matchLabels: [String: String]?

    /// A `NamespaceSelector`.
    public init(matchLabels: [String: String]? = nil) {
        self.matchLabels = matchLabels
    }
}

extension NamespaceSelector: SchemaDescribed {
    /// The OpenAPI schema of `NamespaceSelector`.
    public static var openAPISchema: OpenAPISchema {
        .object("NamespaceSelector selects the namespaces to which this ACL applies. An empty map of MatchLabels matches all namespaces in a cluster.", [
            .field("matchLabels", .stringMap("MatchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is \"key\", the operator is \"In\", and the values array contains only \"value\". The requirements are ANDed.")),
        ])
    }
}
