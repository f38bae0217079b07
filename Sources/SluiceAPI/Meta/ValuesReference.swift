import SluiceCore

/// A ConfigMap or Secret holding Helm values, and where in it they are (Flux's `meta.ValuesReference`).
public struct ValuesReference: Sendable, Hashable, Codable {
    /// Kind of the values referent, valid values are ('Secret', 'ConfigMap').
    public var kind: String
    /// Name of the values referent. Should reside in the same namespace as the referring resource.
    public var name: String
    /// ValuesKey is the data key where the values.yaml or a specific value can be found at. Defaults to 'values.yaml'.
    public var valuesKey: String?
    /// TargetPath is the YAML dot notation path the value should be merged at. When set, the ValuesKey is expected to be a single flat value. Defaults to 'None', which results in the values getting merged at the root.
    public var targetPath: String?
    /// Optional marks this ValuesReference as optional. When set, a not found error for the values reference is ignored, but any ValuesKey, TargetPath or transient error will still result in a reconciliation failure.
    public var optional: Bool?

    /// A `ValuesReference`.
    public init(
        kind: String,
        name: String,
        valuesKey: String? = nil,
        targetPath: String? = nil,
        optional: Bool? = nil
    ) {
        self.kind = kind
        self.name = name
        self.valuesKey = valuesKey
        self.targetPath = targetPath
        self.optional = optional
    }
}

extension ValuesReference: SchemaDescribed {
    /// The OpenAPI schema of `ValuesReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("ValuesReference contains a reference to a resource containing Helm values, and optionally the key they can be found at.", [
            .required("kind", .enum(["Secret", "ConfigMap"], "Kind of the values referent, valid values are ('Secret', 'ConfigMap').")),
            .required("name", .string("Name of the values referent. Should reside in the same namespace as the referring resource.").withLength(min: 1, max: 253)),
            .field("valuesKey", .string("ValuesKey is the data key where the values.yaml or a specific value can be found at. Defaults to 'values.yaml'.").withLength(max: 253).withPattern(#"^[\-._a-zA-Z0-9]+$"#)),
            .field("targetPath", .string("TargetPath is the YAML dot notation path the value should be merged at. When set, the ValuesKey is expected to be a single flat value. Defaults to 'None', which results in the values getting merged at the root.").withLength(max: 250).withPattern(#"^([a-zA-Z0-9_\-.\\\/]|\[[0-9]{1,5}\])+$"#)),
            .field("optional", .boolean("Optional marks this ValuesReference as optional. When set, a not found error for the values reference is ignored, but any ValuesKey, TargetPath or transient error will still result in a reconciliation failure.")),
        ])
    }
}
