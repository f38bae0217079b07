import SluiceCore

/// An OIDC issuer a `generic-oidc` Receiver accepts tokens from, and the CEL checks on their claims.
public struct OIDCProvider: Sendable, Hashable, Codable {
    /// IssuerURL is the OIDC issuer URL used for provider discovery. It must match the 'iss' claim of tokens issued by this provider.
    public var issuerURL: String
    /// Audience is the expected audience ('aud' claim) for tokens issued by this provider. Defaults to 'notification-controller'.
    public var audience: String?
    /// Variables is an optional list of named CEL expressions, evaluated in order and exposed as 'vars.<name>'.
    public var variables: [OIDCVariable]?
    /// Validations is the list of CEL boolean expressions evaluated against the token claims and the variables. The request is accepted only if all of them evaluate to true.
    public var validations: [OIDCValidation]

    /// An `OIDCProvider`.
    public init(
        issuerURL: String,
        audience: String? = nil,
        variables: [OIDCVariable]? = nil,
        validations: [OIDCValidation]
    ) {
        self.issuerURL = issuerURL
        self.audience = audience
        self.variables = variables
        self.validations = validations
    }
}

extension OIDCProvider: SchemaDescribed {
    /// The OpenAPI schema of `OIDCProvider`.
    public static var openAPISchema: OpenAPISchema {
        .object("OIDCProvider configures an OIDC issuer used to authenticate requests for a 'generic-oidc' Receiver.", [
            .required("issuerURL", .string("IssuerURL is the OIDC issuer URL used for provider discovery. It must match the 'iss' claim of tokens issued by this provider.").withPattern(#"^https?://"#)),
            .field("audience", .string("Audience is the expected audience ('aud' claim) for tokens issued by this provider. Defaults to 'notification-controller'.")),
            .field("variables", .array(of: .ref(OIDCVariable.self), "Variables is an optional list of named CEL expressions, evaluated in order and exposed as 'vars.<name>'.")),
            .required("validations", .array(of: .ref(OIDCValidation.self), "Validations is the list of CEL boolean expressions evaluated against the token claims and the variables. The request is accepted only if all of them evaluate to true.").withItems(min: 1)),
        ])
    }
}
