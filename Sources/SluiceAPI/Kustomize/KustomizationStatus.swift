import SluiceCore

/// The observed state of a Kustomization: conditions, applied revisions, inventory and history.
public struct KustomizationStatus: Sendable, Hashable, Codable {
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?
    /// ObservedGeneration is the last reconciled generation.
    public var observedGeneration: Int64?
    /// Conditions holds the conditions for the Kustomization.
    public var conditions: [Condition]?
    /// The last successfully applied revision. Equals the Revision of the applied Artifact from the referenced Source.
    public var lastAppliedRevision: String?
    /// The last successfully applied origin revision. Equals the origin revision of the applied Artifact from the referenced Source.
    public var lastAppliedOriginRevision: String?
    /// LastAttemptedRevision is the revision of the last reconciliation attempt.
    public var lastAttemptedRevision: String?
    /// Inventory contains the list of Kubernetes resource object references that have been successfully applied.
    public var inventory: ResourceInventory?
    /// History contains a set of snapshots of the last reconciliation attempts tracking the revision, the state and the duration of each attempt.
    public var history: [Snapshot]?

    /// A `KustomizationStatus`.
    public init(
        lastHandledReconcileAt: String? = nil,
        observedGeneration: Int64? = nil,
        conditions: [Condition]? = nil,
        lastAppliedRevision: String? = nil,
        lastAppliedOriginRevision: String? = nil,
        lastAttemptedRevision: String? = nil,
        inventory: ResourceInventory? = nil,
        history: [Snapshot]? = nil
    ) {
        self.lastHandledReconcileAt = lastHandledReconcileAt
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.lastAppliedRevision = lastAppliedRevision
        self.lastAppliedOriginRevision = lastAppliedOriginRevision
        self.lastAttemptedRevision = lastAttemptedRevision
        self.inventory = inventory
        self.history = history
    }
}

extension KustomizationStatus: SchemaDescribed {
    /// The OpenAPI schema of `KustomizationStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("KustomizationStatus defines the observed state of a kustomization.", [
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
            .field("observedGeneration", .integer("ObservedGeneration is the last reconciled generation.", format: "int64")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the Kustomization.")),
            .field("lastAppliedRevision", .string("The last successfully applied revision. Equals the Revision of the applied Artifact from the referenced Source.")),
            .field("lastAppliedOriginRevision", .string("The last successfully applied origin revision. Equals the origin revision of the applied Artifact from the referenced Source.")),
            .field("lastAttemptedRevision", .string("LastAttemptedRevision is the revision of the last reconciliation attempt.")),
            .field("inventory", .ref(ResourceInventory.self, "Inventory contains the list of Kubernetes resource object references that have been successfully applied.")),
            .field("history", .array(of: .ref(Snapshot.self), "History contains a set of snapshots of the last reconciliation attempts tracking the revision, the state and the duration of each attempt.")),
        ])
    }
}
