import SluiceCore

/// How to verify the signature of a HelmRelease's OCI chart.
public struct HelmChartTemplateVerification: Sendable, Hashable, Codable {
    /// Provider specifies the technology used to sign the OCI Helm chart.
    public var provider: String
    /// SecretRef specifies the Kubernetes Secret containing the trusted public keys.
    public var secretRef: LocalObjectReference?

    /// A `HelmChartTemplateVerification`.
    public init(provider: String, secretRef: LocalObjectReference? = nil) {
        self.provider = provider
        self.secretRef = secretRef
    }
}

extension HelmChartTemplateVerification: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartTemplateVerification`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartTemplateVerification verifies the authenticity of an OCI Helm chart.", [
            .required("provider", .enum(["cosign", "notation"], "Provider specifies the technology used to sign the OCI Helm chart.").withDefault("cosign")),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Kubernetes Secret containing the trusted public keys.")),
        ])
    }
}
