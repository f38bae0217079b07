import SluiceCore

/// A named CEL expression over an OIDC token's claims, available to later expressions as `vars.<name>`.
public struct OIDCVariable: Sendable, Hashable, Codable {
    /// Name is the variable name; it must be a valid CEL identifier.
    public var name: String
    /// Expression is the CEL expression that defines the variable value.
    public var expression: String

    /// An `OIDCVariable`.
    public init(name: String, expression: String) {
        self.name = name
        self.expression = expression
    }
}

extension OIDCVariable: SchemaDescribed {
    /// The OpenAPI schema of `OIDCVariable`.
    public static var openAPISchema: OpenAPISchema {
        .object("OIDCVariable is a named CEL expression evaluated against the OIDC token claims of a 'generic-oidc' Receiver.", [
            .required("name", .string("Name is the variable name; it must be a valid CEL identifier.")),
            .required("expression", .string("Expression is the CEL expression that defines the variable value.")),
        ])
    }
}
