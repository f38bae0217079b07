import SluiceCore

/// The observed state of a HelmRelease: conditions, release history and failure counters.
public struct HelmReleaseStatus: Sendable, Hashable, Codable {
    /// ObservedGeneration is the last observed generation.
    public var observedGeneration: Int64?
    /// ObservedPostRenderersDigest is the digest for the post-renderers of the last successful reconciliation attempt.
    public var observedPostRenderersDigest: String?
    /// LastAttemptedGeneration is the last generation the controller attempted to reconcile.
    public var lastAttemptedGeneration: Int64?
    /// Conditions holds the conditions for the HelmRelease.
    public var conditions: [Condition]?
    /// HelmChart is the namespaced name of the HelmChart resource created by the controller for the HelmRelease.
    public var helmChart: String?
    /// StorageNamespace is the namespace of the Helm release storage for the current release.
    public var storageNamespace: String?
    /// History holds the history of Helm releases performed for this HelmRelease up to the last successfully completed release.
    public var history: [HelmReleaseSnapshot]?
    /// Inventory contains the list of Kubernetes resource object references that have been applied for this release.
    public var inventory: ResourceInventory?
    /// LastAttemptedReleaseAction is the last release action performed for this HelmRelease. It is used to determine the active remediation strategy.
    public var lastAttemptedReleaseAction: String?
    /// Failures is the reconciliation failure count against the latest desired state. It is reset after a successful reconciliation.
    public var failures: Int64?
    /// InstallFailures is the install failure count against the latest desired state. It is reset after a successful reconciliation.
    public var installFailures: Int64?
    /// UpgradeFailures is the upgrade failure count against the latest desired state. It is reset after a successful reconciliation.
    public var upgradeFailures: Int64?
    /// LastAttemptedRevision is the Source revision of the last reconciliation attempt.
    public var lastAttemptedRevision: String?
    /// LastAttemptedRevisionDigest is the digest of the last reconciliation attempt. This is only set for OCIRepository sources.
    public var lastAttemptedRevisionDigest: String?
    /// LastAttemptedValuesChecksum is the SHA1 checksum for the values of the last reconciliation attempt. Deprecated: Use LastAttemptedConfigDigest instead.
    public var lastAttemptedValuesChecksum: String?
    /// LastReleaseRevision is the revision of the last successful Helm release. Deprecated: Use History instead.
    public var lastReleaseRevision: Int?
    /// LastAttemptedConfigDigest is the digest for the config (better known as "values") of the last reconciliation attempt.
    public var lastAttemptedConfigDigest: String?
    /// LastHandledForceAt holds the value of the most recent force request value, so a change of the annotation value can be detected.
    public var lastHandledForceAt: String?
    /// LastHandledResetAt holds the value of the most recent reset request value, so a change of the annotation value can be detected.
    public var lastHandledResetAt: String?
    /// LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.
    public var lastHandledReconcileAt: String?

    /// A `HelmReleaseStatus`.
    public init(
        observedGeneration: Int64? = nil,
        observedPostRenderersDigest: String? = nil,
        lastAttemptedGeneration: Int64? = nil,
        conditions: [Condition]? = nil,
        helmChart: String? = nil,
        storageNamespace: String? = nil,
        history: [HelmReleaseSnapshot]? = nil,
        inventory: ResourceInventory? = nil,
        lastAttemptedReleaseAction: String? = nil,
        failures: Int64? = nil,
        installFailures: Int64? = nil,
        upgradeFailures: Int64? = nil,
        lastAttemptedRevision: String? = nil,
        lastAttemptedRevisionDigest: String? = nil,
        lastAttemptedValuesChecksum: String? = nil,
        lastReleaseRevision: Int? = nil,
        lastAttemptedConfigDigest: String? = nil,
        lastHandledForceAt: String? = nil,
        lastHandledResetAt: String? = nil,
        lastHandledReconcileAt: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.observedPostRenderersDigest = observedPostRenderersDigest
        self.lastAttemptedGeneration = lastAttemptedGeneration
        self.conditions = conditions
        self.helmChart = helmChart
        self.storageNamespace = storageNamespace
        self.history = history
        self.inventory = inventory
        self.lastAttemptedReleaseAction = lastAttemptedReleaseAction
        self.failures = failures
        self.installFailures = installFailures
        self.upgradeFailures = upgradeFailures
        self.lastAttemptedRevision = lastAttemptedRevision
        self.lastAttemptedRevisionDigest = lastAttemptedRevisionDigest
        self.lastAttemptedValuesChecksum = lastAttemptedValuesChecksum
        self.lastReleaseRevision = lastReleaseRevision
        self.lastAttemptedConfigDigest = lastAttemptedConfigDigest
        self.lastHandledForceAt = lastHandledForceAt
        self.lastHandledResetAt = lastHandledResetAt
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

extension HelmReleaseStatus: SchemaDescribed {
    /// The OpenAPI schema of `HelmReleaseStatus`.
    public static var openAPISchema: OpenAPISchema {
        .object("HelmReleaseStatus defines the observed state of a HelmRelease.", [
            .field("observedGeneration", .integer("ObservedGeneration is the last observed generation.", format: "int64")),
            .field("observedPostRenderersDigest", .string("ObservedPostRenderersDigest is the digest for the post-renderers of the last successful reconciliation attempt.")),
            .field("lastAttemptedGeneration", .integer("LastAttemptedGeneration is the last generation the controller attempted to reconcile.", format: "int64")),
            .field("conditions", .array(of: .ref(Condition.self), "Conditions holds the conditions for the HelmRelease.")),
            .field("helmChart", .string("HelmChart is the namespaced name of the HelmChart resource created by the controller for the HelmRelease.")),
            .field("storageNamespace", .string("StorageNamespace is the namespace of the Helm release storage for the current release.").withLength(min: 1, max: 63)),
            .field("history", .array(of: .ref(HelmReleaseSnapshot.self), "History holds the history of Helm releases performed for this HelmRelease up to the last successfully completed release.")),
            .field("inventory", .ref(ResourceInventory.self, "Inventory contains the list of Kubernetes resource object references that have been applied for this release.")),
            .field("lastAttemptedReleaseAction", .enum(["install", "upgrade"], "LastAttemptedReleaseAction is the last release action performed for this HelmRelease. It is used to determine the active remediation strategy.")),
            .field("failures", .integer("Failures is the reconciliation failure count against the latest desired state. It is reset after a successful reconciliation.", format: "int64")),
            .field("installFailures", .integer("InstallFailures is the install failure count against the latest desired state. It is reset after a successful reconciliation.", format: "int64")),
            .field("upgradeFailures", .integer("UpgradeFailures is the upgrade failure count against the latest desired state. It is reset after a successful reconciliation.", format: "int64")),
            .field("lastAttemptedRevision", .string("LastAttemptedRevision is the Source revision of the last reconciliation attempt.")),
            .field("lastAttemptedRevisionDigest", .string("LastAttemptedRevisionDigest is the digest of the last reconciliation attempt. This is only set for OCIRepository sources.")),
            .field("lastAttemptedValuesChecksum", .string("LastAttemptedValuesChecksum is the SHA1 checksum for the values of the last reconciliation attempt. Deprecated: Use LastAttemptedConfigDigest instead.")),
            .field("lastReleaseRevision", .integer("LastReleaseRevision is the revision of the last successful Helm release. Deprecated: Use History instead.")),
            .field("lastAttemptedConfigDigest", .string("LastAttemptedConfigDigest is the digest for the config (better known as \"values\") of the last reconciliation attempt.")),
            .field("lastHandledForceAt", .string("LastHandledForceAt holds the value of the most recent force request value, so a change of the annotation value can be detected.")),
            .field("lastHandledResetAt", .string("LastHandledResetAt holds the value of the most recent reset request value, so a change of the annotation value can be detected.")),
            .field("lastHandledReconcileAt", .string("LastHandledReconcileAt holds the value of the most recent reconcile request value, so a change of the annotation value can be detected.")),
        ])
    }
}
