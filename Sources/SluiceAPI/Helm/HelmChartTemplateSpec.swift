import SluiceCore

/// The spec of the HelmChart a HelmRelease creates: chart, version and source.
public struct HelmChartTemplateSpec: Sendable, Hashable, Codable {
    /// The name or path the Helm chart is available at in the SourceRef.
    public var chart: String
    /// Version semver expression, ignored for charts from v1.GitRepository and v1beta2.Bucket sources. Defaults to latest when omitted.
    public var version: String?
    /// The name and namespace of the v1.Source the chart is available at.
    public var sourceRef: HelmChartTemplateSourceReference
    /// Interval at which to check the v1.Source for updates. Defaults to 'HelmReleaseSpec.Interval'.
    public var interval: GoDuration?
    /// Determines what enables the creation of a new artifact. Valid values are ('ChartVersion', 'Revision'). Defaults to ChartVersion when omitted.
    public var reconcileStrategy: String?
    /// Alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef.
    public var valuesFiles: [String]?
    /// IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.
    public var ignoreMissingValuesFiles: Bool?
    /// Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic. This field is only supported for OCI sources.
    public var verify: HelmChartTemplateVerification?

    /// A `HelmChartTemplateSpec`.
    public init(
        chart: String,
        version: String? = nil,
        sourceRef: HelmChartTemplateSourceReference,
        interval: GoDuration? = nil,
        reconcileStrategy: String? = nil,
        valuesFiles: [String]? = nil,
        ignoreMissingValuesFiles: Bool? = nil,
        verify: HelmChartTemplateVerification? = nil
    ) {
        self.chart = chart
        self.version = version
        self.sourceRef = sourceRef
        self.interval = interval
        self.reconcileStrategy = reconcileStrategy
        self.valuesFiles = valuesFiles
        self.ignoreMissingValuesFiles = ignoreMissingValuesFiles
        self.verify = verify
    }
}

extension HelmChartTemplateSpec: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartTemplateSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartTemplateSpec defines the template from which the controller will generate a v1.HelmChartSpec object.", [
            .required("chart", .string("The name or path the Helm chart is available at in the SourceRef.").withLength(min: 1, max: 2048)),
            .field("version", .string("Version semver expression, ignored for charts from v1.GitRepository and v1beta2.Bucket sources. Defaults to latest when omitted.").withDefault("*")),
            .required("sourceRef", .ref(HelmChartTemplateSourceReference.self, "The name and namespace of the v1.Source the chart is available at.")),
            .field("interval", .duration("Interval at which to check the v1.Source for updates. Defaults to 'HelmReleaseSpec.Interval'.")),
            .field("reconcileStrategy", .enum(["ChartVersion", "Revision"], "Determines what enables the creation of a new artifact. Valid values are ('ChartVersion', 'Revision'). Defaults to ChartVersion when omitted.").withDefault("ChartVersion")),
            .field("valuesFiles", .array(of: .string(), "Alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef.")),
            .field("ignoreMissingValuesFiles", .boolean("IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.")),
            .field("verify", .ref(HelmChartTemplateVerification.self, "Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic. This field is only supported for OCI sources.")),
        ])
    }
}
