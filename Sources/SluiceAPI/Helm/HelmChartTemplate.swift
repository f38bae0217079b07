import SluiceCore

/// The HelmChart a HelmRelease has the controller create: its metadata and spec.
public struct HelmChartTemplate: Sendable, Hashable, Codable {
    /// ObjectMeta holds the template for metadata like labels and annotations.
    public var metadata: HelmChartTemplateObjectMeta?
    /// Spec holds the template for the v1.HelmChartSpec for this HelmRelease.
    public var spec: HelmChartTemplateSpec

    /// A `HelmChartTemplate`.
    public init(metadata: HelmChartTemplateObjectMeta? = nil, spec: HelmChartTemplateSpec) {
        self.metadata = metadata
        self.spec = spec
    }
}

extension HelmChartTemplate: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartTemplate`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartTemplate defines the template from which the controller will generate a v1.HelmChart object in the same namespace as the referenced v1.Source.", [
            .field("metadata", .ref(HelmChartTemplateObjectMeta.self, "ObjectMeta holds the template for metadata like labels and annotations.")),
            .required("spec", .ref(HelmChartTemplateSpec.self, "Spec holds the template for the v1.HelmChartSpec for this HelmRelease.")),
        ])
    }
}
