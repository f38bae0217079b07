import SluiceCore

/// The desired state of a HelmChart: which chart and version to fetch from which source.
public struct HelmChartSpec: Sendable, Hashable, Codable {
    /// Chart is the name or path the Helm chart is available at in the SourceRef.
    public var chart: String
    /// Version is the chart version semver expression, ignored for charts from GitRepository and Bucket sources. Defaults to latest when omitted.
    public var version: String?
    /// SourceRef is the reference to the Source the chart is available at.
    public var sourceRef: LocalHelmChartSourceReference
    /// Interval at which the HelmChart SourceRef is checked for updates.
    public var interval: GoDuration
    /// ReconcileStrategy determines what enables the creation of a new artifact. Valid values are ('ChartVersion', 'Revision'). Defaults to ChartVersion when omitted.
    public var reconcileStrategy: String?
    /// ValuesFiles is an alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef.
    public var valuesFiles: [String]?
    /// ValuesFile is an alternative values file to use as the default chart values, expected to be a relative path in the SourceRef. Deprecated in favor of ValuesFiles.
    public var valuesFile: String?
    /// IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.
    public var ignoreMissingValuesFiles: Bool?
    /// Suspend tells the controller to suspend the reconciliation of this source.
    public var suspend: Bool?
    /// AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.
    public var accessFrom: AccessFrom?
    /// Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic. This field is only supported when using HelmRepository source with spec.type 'oci'.
    public var verify: OCIRepositoryVerification?

    /// A `HelmChartSpec`.
    public init(
        chart: String,
        version: String? = nil,
        sourceRef: LocalHelmChartSourceReference,
        interval: GoDuration,
        reconcileStrategy: String? = nil,
        valuesFiles: [String]? = nil,
        valuesFile: String? = nil,
        ignoreMissingValuesFiles: Bool? = nil,
        suspend: Bool? = nil,
        accessFrom: AccessFrom? = nil,
        verify: OCIRepositoryVerification? = nil
    ) {
        self.chart = chart
        self.version = version
        self.sourceRef = sourceRef
        self.interval = interval
        self.reconcileStrategy = reconcileStrategy
        self.valuesFiles = valuesFiles
        self.valuesFile = valuesFile
        self.ignoreMissingValuesFiles = ignoreMissingValuesFiles
        self.suspend = suspend
        self.accessFrom = accessFrom
        self.verify = verify
    }
}

extension HelmChartSpec: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartSpec specifies the desired state of a Helm chart.", [
            .required("chart", .string("Chart is the name or path the Helm chart is available at in the SourceRef.")),
            .field("version", .string("Version is the chart version semver expression, ignored for charts from GitRepository and Bucket sources. Defaults to latest when omitted.").withDefault("*")),
            .required("sourceRef", .ref(LocalHelmChartSourceReference.self, "SourceRef is the reference to the Source the chart is available at.")),
            .required("interval", .duration("Interval at which the HelmChart SourceRef is checked for updates.")),
            .field("reconcileStrategy", .enum(["ChartVersion", "Revision"], "ReconcileStrategy determines what enables the creation of a new artifact. Valid values are ('ChartVersion', 'Revision'). Defaults to ChartVersion when omitted.").withDefault("ChartVersion")),
            .field("valuesFiles", .array(of: .string(), "ValuesFiles is an alternative list of values files to use as the chart values (values.yaml is not included by default), expected to be a relative path in the SourceRef.")),
            .field("valuesFile", .string("ValuesFile is an alternative values file to use as the default chart values, expected to be a relative path in the SourceRef. Deprecated in favor of ValuesFiles.")),
            .field("ignoreMissingValuesFiles", .boolean("IgnoreMissingValuesFiles controls whether to silently ignore missing values files rather than failing.")),
            .field("suspend", .boolean("Suspend tells the controller to suspend the reconciliation of this source.")),
            .field("accessFrom", .ref(AccessFrom.self, "AccessFrom specifies an Access Control List for allowing cross-namespace references to this object.")),
            .field("verify", .ref(OCIRepositoryVerification.self, "Verify contains the secret name containing the trusted public keys used to verify the signature and specifies which provider to use to check whether OCI image is authentic. This field is only supported when using HelmRepository source with spec.type 'oci'.")),
        ])
    }
}
