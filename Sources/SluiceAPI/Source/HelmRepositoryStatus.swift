import SluiceCore

/// The observed state of a HelmRepository: conditions and the index artifact.
public struct HelmRepositoryStatus: Sendable, Hashable, Codable {
    /// ObservedGeneration is the last observed generation of the HelmRepository object.
    public var observedGeneration: Int64?
    /// Conditions holds the conditions for the HelmRepository.
    public var conditions: [Condition]?
    /// URL is the dynamic fetch link for the latest Artifact.
    public var url: String?
    /// Artifact represents the last successful HelmRepository reconciliation.
    public var artifact: Artifact?
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?

    /// A `HelmRepositoryStatus`.
    public init(
        observedGeneration: Int64? = nil,
        conditions: [Condition]? = nil,
        url: String? = nil,
        artifact: Artifact? = nil,
        lastHandledReconcileAt: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

extension HelmRepositoryStatus: SchemaDescribed {
    /// The OpenAPI schema of `HelmRepositoryStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmRepositoryStatus records the observed state of the HelmRepository.", [
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation of the HelmRepository object.", format: "int64")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the HelmRepository.")),
            .field("url", .string("URL is the dynamic fetch link for the latest Artifact.")),
            .field("artifact", .ref(Artifact.self, "Artifact represents the last successful HelmRepository reconciliation.")),
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
        ])
    }
}
