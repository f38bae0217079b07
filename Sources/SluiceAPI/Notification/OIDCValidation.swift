import SluiceCore

/// A CEL condition an OIDC token's claims must meet, and the message returned when they do not.
public struct OIDCValidation: Sendable, Hashable, Codable {
    /// Expression is the CEL boolean expression to evaluate.
    public var expression: String
    /// Message is returned to the caller when the expression evaluates to false.
    public var message: String

    /// An `OIDCValidation`.
    public init(expression: String, message: String) {
        self.expression = expression
        self.message = message
    }
}

extension OIDCValidation: SchemaDescribed {
    /// The OpenAPI schema of `OIDCValidation`.
    public static var openAPISchema: OpenAPISchema {
        .object("OIDCValidation is a CEL boolean expression evaluated against the OIDC token claims and variables of a 'generic-oidc' Receiver.", [
            .required("expression", .string("Expression is the CEL boolean expression to evaluate.")),
            .required("message", .string("Message is returned to the caller when the expression evaluates to false.")),
        ])
    }
}
