import SluiceCore

/// The observed state of an OCIRepository: conditions, the artifact and what produced it.
public struct OCIRepositoryStatus: Sendable, Hashable, Codable {
    /// ObservedGeneration is the last observed generation.
    public var observedGeneration: Int64?
    /// Conditions holds the conditions for the OCIRepository.
    public var conditions: [Condition]?
    /// URL is the download link for the artifact output of the last OCI Repository sync.
    public var url: String?
    /// Artifact represents the output of the last successful OCI Repository sync.
    public var artifact: Artifact?
    /// ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.
    public var observedIgnore: String?
    /// ObservedLayerSelector is the observed layer selector used for constructing the source artifact.
    public var observedLayerSelector: OCILayerSelector?
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?

    /// An `OCIRepositoryStatus`.
    public init(observedGeneration: Int64? = nil, conditions: [Condition]? = nil, url: String? = nil, artifact: Artifact? = nil,
                observedIgnore: String? = nil, observedLayerSelector: OCILayerSelector? = nil, lastHandledReconcileAt: String? = nil)
    {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.observedIgnore = observedIgnore
        self.observedLayerSelector = observedLayerSelector
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

extension OCIRepositoryStatus: SchemaDescribed {
    /// The OpenAPI schema of `OCIRepositoryStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("OCIRepositoryStatus defines the observed state of OCIRepository", [
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation.", format: "int64")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the OCIRepository.")),
            .field("url", .string("URL is the download link for the artifact output of the last OCI Repository sync.")),
            .field("artifact", .ref(Artifact.self, "Artifact represents the output of the last successful OCI Repository sync.")),
            .field("observedIgnore", .string("ObservedIgnore is the observed exclusion patterns used for constructing the source artifact.")),
            .field("observedLayerSelector", .ref(OCILayerSelector.self, "ObservedLayerSelector is the observed layer selector used for constructing the source artifact.")),
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
        ])
    }
}
