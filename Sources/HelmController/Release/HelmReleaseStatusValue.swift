/// A release revision's status, as Helm names it (`helm.sh/helm/v4/pkg/release/common.Status`).
public enum HelmReleaseStatusValue: String, Sendable, Equatable, Codable, CaseIterable {
    case unknown
    case deployed
    case uninstalled
    case superseded
    case failed
    case uninstalling
    case pendingInstall = "pending-install"
    case pendingUpgrade = "pending-upgrade"
    case pendingRollback = "pending-rollback"

    /// Whether an operation on the release is in progress (Helm refuses another; Flux unlocks a stale one).
    public var isPending: Bool { [.pendingInstall, .pendingUpgrade, .pendingRollback, .uninstalling].contains(self) }
}
