import SluiceCore

/// A ConfigMap or Secret whose data keys are substitution variables.
public struct SubstituteReference: Sendable, Hashable, Codable {
    /// Kind of the values referent, valid values are ('Secret', 'ConfigMap').
    public var kind: String
    /// Name of the values referent. Should reside in the same namespace as the referring resource.
    public var name: String
    /// Optional indicates whether the referenced resource must exist, or whether to tolerate its absence.
    public var optional: Bool?

    /// A `SubstituteReference`.
    public init(kind: String, name: String, optional: Bool? = nil) {
        self.kind = kind
        self.name = name
        self.optional = optional
    }
}

extension SubstituteReference: SchemaDescribed {
    /// The OpenAPI schema of `SubstituteReference`.
    public static var openAPISchema: OpenAPISchema {
        .object("SubstituteReference contains a reference to a resource containing the variables name and value.", [
            .required("kind", .enum(["Secret", "ConfigMap"], "Kind of the values referent, valid values are ('Secret', 'ConfigMap').")),
            .required("name", .string("Name of the values referent. Should reside in the same namespace as the referring resource.").withLength(min: 1, max: 253)),
            .field("optional", .boolean("Optional indicates whether the referenced resource must exist, or whether to tolerate its absence.").withDefault(false)),
        ])
    }
}
