import SluiceCore

/// Regular expressions a keyless signature's certificate issuer and subject must match.
public struct OIDCIdentityMatch: Sendable, Hashable, Codable {
    /// Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate.
    public var issuer: String
    /// Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate.
    public var subject: String

    /// An `OIDCIdentityMatch`.
    public init(issuer: String, subject: String) {
        self.issuer = issuer
        self.subject = subject
    }
}

extension OIDCIdentityMatch: SchemaDescribed {
    /// The OpenAPI schema of `OIDCIdentityMatch`.
    public static var openAPISchema: OpenAPISchema {
        .object("OIDCIdentityMatch specifies options for verifying the certificate identity, i.e. the issuer and the subject of the certificate.", [
            .required("issuer", .string("Issuer specifies the regex pattern to match against to verify the OIDC issuer in the Fulcio certificate.")),
            .required("subject", .string("Subject specifies the regex pattern to match against to verify the identity subject in the Fulcio certificate.")),
        ])
    }
}
