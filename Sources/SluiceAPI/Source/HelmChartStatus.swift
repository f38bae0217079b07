import SluiceCore

/// The observed state of a HelmChart: conditions, the packaged chart artifact and what produced it.
public struct HelmChartStatus: Sendable, Hashable, Codable {
    /// ObservedGeneration is the last observed generation of the HelmChart object.
    public var observedGeneration: Int64?
    /// ObservedSourceArtifactRevision is the last observed Artifact.Revision of the HelmChartSpec.SourceRef.
    public var observedSourceArtifactRevision: String?
    /// ObservedChartName is the last observed chart name as specified by the resolved chart reference.
    public var observedChartName: String?
    /// ObservedValuesFiles are the observed value files of the last successful reconciliation.
    public var observedValuesFiles: [String]?
    /// Conditions holds the conditions for the HelmChart.
    public var conditions: [Condition]?
    /// URL is the dynamic fetch link for the latest Artifact.
    public var url: String?
    /// Artifact represents the output of the last successful reconciliation.
    public var artifact: Artifact?
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?

    /// A `HelmChartStatus`.
    public init(
        observedGeneration: Int64? = nil,
        observedSourceArtifactRevision: String? = nil,
        observedChartName: String? = nil,
        observedValuesFiles: [String]? = nil,
        conditions: [Condition]? = nil,
        url: String? = nil,
        artifact: Artifact? = nil,
        lastHandledReconcileAt: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.observedSourceArtifactRevision = observedSourceArtifactRevision
        self.observedChartName = observedChartName
        self.observedValuesFiles = observedValuesFiles
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

extension HelmChartStatus: SchemaDescribed {
    /// The OpenAPI schema of `HelmChartStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmChartStatus records the observed state of the HelmChart.", [
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation of the HelmChart object.", format: "int64")),
            .field("observedSourceArtifactRevision", .string("ObservedSourceArtifactRevision is the last observed Artifact.Revision of the HelmChartSpec.SourceRef.")),
            .field("observedChartName", .string("ObservedChartName is the last observed chart name as specified by the resolved chart reference.")),
            .field("observedValuesFiles", .array(of: .string(), "ObservedValuesFiles are the observed value files of the last successful reconciliation.")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the HelmChart.")),
            .field("url", .string("URL is the dynamic fetch link for the latest Artifact.")),
            .field("artifact", .ref(Artifact.self, "Artifact represents the output of the last successful reconciliation.")),
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
        ])
    }
}
