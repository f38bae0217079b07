import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The reasons of a HelmRelease that `SluiceAPI`'s `ConditionReason` (`InstallSucceeded`, …) and the drift functions
/// (`DriftDetected`, …) do not name, as Flux's helm-controller spells them.
enum HelmReleaseReason {
    /// Tests are enabled and the release has not been tested yet.
    static let awaitingTests = "AwaitingTests"
    /// A release left pending (`pending-install`, …) was unlocked, or could not be.
    static let pendingRelease = "PendingRelease"
    /// No retries remain for the failed action.
    static let retriesExceeded = "RetriesExceeded"
    /// The release to roll back to is gone.
    static let missingRollbackTarget = "MissingRollbackTarget"
    /// The release state could not be determined.
    static let stateError = "StateError"
    /// An action could not be run (nothing changed in storage).
    static let reconcileError = "ReconcileError"
}
