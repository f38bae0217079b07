import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The next thing to do to a HelmRelease's release (Flux's action reconcilers).
enum HelmReleaseAction: Sendable, Equatable {
    case install
    case upgrade
    case test
    case rollbackRemediation
    case uninstallRemediation
    case unlock
    case correctDrift

    /// What kind of action it is; one reconcile runs each kind at most once, and stops after a remediation.
    enum Kind: String, Sendable { case release, remediate, test, unlock, driftCorrection = "drift correction" }

    /// Its kind.
    var kind: Kind {
        switch self {
        case .install, .upgrade: return .release
        case .rollbackRemediation, .uninstallRemediation: return .remediate
        case .test: return .test
        case .unlock: return .unlock
        case .correctDrift: return .driftCorrection
        }
    }

    /// Its name in messages (`Running 'install' action with timeout of 5m0s`).
    var name: String {
        switch self {
        case .install: return "install"
        case .upgrade: return "upgrade"
        case .test: return "test"
        case .rollbackRemediation: return "rollback"
        case .uninstallRemediation: return "uninstall"
        case .unlock: return "unlock"
        case .correctDrift: return "correct cluster drift"
        }
    }
}
