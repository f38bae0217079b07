import SluiceCore

/// One entry of a reconciliation history: a revision's digest, timing and outcome (Flux's `meta.Snapshot`).
public struct Snapshot: Sendable, Hashable, Codable {
    /// Digest is the checksum in the format `<algo>:<hex>` of the resources in this snapshot.
    public var digest: String
    /// FirstReconciled is the time when this revision was first reconciled to the cluster.
    public var firstReconciled: String
    /// LastReconciled is the time when this revision was last reconciled to the cluster.
    public var lastReconciled: String
    /// LastReconciledDuration is time it took to reconcile the resources in this revision.
    public var lastReconciledDuration: GoDuration
    /// LastReconciledStatus is the status of the last reconciliation.
    public var lastReconciledStatus: String
    /// TotalReconciliations is the total number of reconciliations that have occurred for this snapshot.
    public var totalReconciliations: Int64
    /// Metadata contains additional information about the snapshot.
    public var metadata: [String: String]?

    /// A `Snapshot`.
    public init(
        digest: String,
        firstReconciled: String,
        lastReconciled: String,
        lastReconciledDuration: GoDuration,
        lastReconciledStatus: String,
        totalReconciliations: Int64,
        metadata: [String: String]? = nil
    ) {
        self.digest = digest
        self.firstReconciled = firstReconciled
        self.lastReconciled = lastReconciled
        self.lastReconciledDuration = lastReconciledDuration
        self.lastReconciledStatus = lastReconciledStatus
        self.totalReconciliations = totalReconciliations
        self.metadata = metadata
    }
}

extension Snapshot: SchemaDescribed {
    /// The OpenAPI schema of `Snapshot`.
    public static var openAPISchema: OpenAPISchema {
        .object("Snapshot represents a point-in-time record of a group of resources reconciliation, including timing information, status, and a unique digest identifier.", [
            .required("digest", .string("Digest is the checksum in the format `<algo>:<hex>` of the resources in this snapshot.")),
            .required("firstReconciled", .dateTime("FirstReconciled is the time when this revision was first reconciled to the cluster.")),
            .required("lastReconciled", .dateTime("LastReconciled is the time when this revision was last reconciled to the cluster.")),
            .required("lastReconciledDuration", .string("LastReconciledDuration is time it took to reconcile the resources in this revision.")),
            .required("lastReconciledStatus", .string("LastReconciledStatus is the status of the last reconciliation.")),
            .required("totalReconciliations", .integer("TotalReconciliations is the total number of reconciliations that have occurred for this snapshot.", format: "int64")),
            .field("metadata", .stringMap("Metadata contains additional information about the snapshot.")),
        ])
    }
}
