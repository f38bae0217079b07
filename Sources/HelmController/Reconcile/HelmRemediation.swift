import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The remediation settings of one release action, install or upgrade (Flux's `Remediation` interface): how many
/// retries, whether test failures count, whether the last failure is remediated, and how.
struct HelmRemediation: Sendable, Equatable {
    /// Which action's settings these are.
    enum Action: String, Sendable { case install, upgrade }

    /// The action.
    var action: Action
    /// `retries` (negative: unlimited).
    var retries: Int
    /// `ignoreTestFailures`, nil to follow `spec.test.ignoreFailures`.
    var ignoreTestFailures: Bool?
    /// `remediateLastFailure` as written.
    var remediateLastFailure: Bool?
    /// `rollback` or `uninstall` (install remediation always uninstalls).
    var strategy: String

    /// The install remediation of `object`.
    static func install(_ object: HelmRelease) -> HelmRemediation {
        let spec = object.spec.install?.remediation
        return HelmRemediation(action: .install, retries: spec?.retries ?? 0, ignoreTestFailures: spec?.ignoreTestFailures,
                               remediateLastFailure: spec?.remediateLastFailure, strategy: "uninstall")
    }

    /// The upgrade remediation of `object`.
    static func upgrade(_ object: HelmRelease) -> HelmRemediation {
        let spec = object.spec.upgrade?.remediation
        return HelmRemediation(action: .upgrade, retries: spec?.retries ?? 0, ignoreTestFailures: spec?.ignoreTestFailures,
                               remediateLastFailure: spec?.remediateLastFailure, strategy: spec?.strategy ?? "rollback")
    }

    /// The remediation of the last attempted release action (`status.lastAttemptedReleaseAction`), if any.
    static func active(for object: HelmRelease) -> HelmRemediation? {
        switch object.status?.lastAttemptedReleaseAction {
        case Action.install.rawValue?: return install(object)
        case Action.upgrade.rawValue?: return upgrade(object)
        default: return nil
        }
    }

    /// Whether test failures are ignored, `fallback` (`spec.test.ignoreFailures`) unless set here.
    func mustIgnoreTestFailures(_ fallback: Bool) -> Bool { ignoreTestFailures ?? fallback }

    /// Whether the last failure is remediated when no retries remain (upgrade: by default when retries are set).
    var mustRemediateLastFailure: Bool {
        remediateLastFailure ?? (action == .upgrade && retries > 0)
    }

    /// The failures counted against this action.
    func failureCount(_ object: HelmRelease) -> Int64 {
        switch action {
        case .install: return object.status?.installFailures ?? 0
        case .upgrade: return object.status?.upgradeFailures ?? 0
        }
    }

    /// Counts one more failure of this action.
    func incrementFailureCount(_ object: inout HelmRelease) {
        var status = object.status ?? HelmReleaseStatus()
        switch action {
        case .install: status.installFailures = (status.installFailures ?? 0) + 1
        case .upgrade: status.upgradeFailures = (status.upgradeFailures ?? 0) + 1
        }
        object.status = status
    }

    /// Whether no retries remain.
    func retriesExhausted(_ object: HelmRelease) -> Bool {
        retries >= 0 && failureCount(object) > Int64(retries)
    }

    /// Whether a failed upgrade is remediated by uninstalling.
    var isUninstallAfterUpgrade: Bool { action == .upgrade && strategy == "uninstall" }
}
