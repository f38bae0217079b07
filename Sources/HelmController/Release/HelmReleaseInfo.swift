import Foundation

/// A release revision's `info`: status, when it was deployed, why, and the chart's notes.
public struct HelmReleaseInfo: Sendable, Equatable {
    /// When the first revision of the release was deployed (Go's RFC 3339 with nanoseconds, as Helm writes it).
    public var firstDeployed: String?
    /// When this revision was deployed.
    public var lastDeployed: String?
    /// When it was deleted (uninstalled).
    public var deleted: String?
    /// A human description (`Install complete`, `Upgrade "x" failed: …`).
    public var description: String
    /// The status.
    public var status: HelmReleaseStatusValue
    /// The rendered `NOTES.txt`.
    public var notes: String
    /// The revision a rollback re-released (Helm 4's `rollback_revision`); 0 when this revision is not a rollback.
    public var rollbackRevision: Int

    /// An info.
    public init(firstDeployed: String? = nil, lastDeployed: String? = nil, deleted: String? = nil, description: String = "",
                status: HelmReleaseStatusValue, notes: String = "", rollbackRevision: Int = 0)
    {
        self.firstDeployed = firstDeployed
        self.lastDeployed = lastDeployed
        self.deleted = deleted
        self.description = description
        self.status = status
        self.notes = notes
        self.rollbackRevision = rollbackRevision
    }
}
