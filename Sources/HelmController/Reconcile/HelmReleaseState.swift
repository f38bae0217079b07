import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// The state of a HelmRelease's Helm release, found by comparing the release storage with the object (Flux's
/// `DetermineReleaseState`); it decides the next action.
struct HelmReleaseState: Sendable, Equatable {
    /// The states, as Flux names them.
    enum Status: String, Sendable {
        /// No release in storage, or only an uninstalled one.
        case absent = "Absent"
        /// A release this object did not make (or that changed since it did).
        case unmanaged = "Unmanaged"
        /// The deployed release is of another chart version, other values or other post-renderers.
        case outOfSync = "OutOfSync"
        /// The cluster differs from the release's manifest.
        case drifted = "Drifted"
        /// A revision is pending (`pending-install`, …): another operation was interrupted.
        case locked = "Locked"
        /// Tests are enabled and the deployed release has not been tested.
        case untested = "Untested"
        /// Nothing to do.
        case inSync = "InSync"
        /// The last revision failed (or failed its tests).
        case failed = "Failed"
    }

    /// The state.
    var status: Status
    /// Why, for logs and messages.
    var reason: String = ""

    /// What the decision needs besides the object.
    struct Inputs: Sendable {
        /// The newest stored revision, if any.
        var last: HelmReleaseRecord?
        /// The loaded chart's name.
        var chartName: String
        /// The loaded chart's version.
        var chartVersion: String
        /// The digest of the values (`sha256:…`).
        var valuesDigest: String
        /// The digest of `spec.postRenderers`, empty without them.
        var postRenderersDigest: String
    }

    /// Why the state could not be determined.
    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// The state of `object`'s release; `drifted` is asked only for an in-sync deployed release with drift detection
    /// on, and says whether the cluster differs from its manifest.
    static func determine(_ object: HelmRelease, _ inputs: Inputs, drifted: () async throws -> Bool) async throws -> HelmReleaseState {
        guard let last = inputs.last else { return HelmReleaseState(status: .absent, reason: "no release in storage for object") }
        if last.info.status.isPending {
            return HelmReleaseState(status: .locked, reason: "release with status '\(last.info.status.rawValue)'")
        }
        let history = object.status?.history ?? []
        guard let current = history.latest else {
            if last.info.status == .uninstalled { return HelmReleaseState(status: .absent, reason: "found uninstalled release in storage") }
            return HelmReleaseState(status: .unmanaged, reason: "found existing release in storage")
        }
        if !verifies(current, last) {
            return HelmReleaseState(status: .unmanaged, reason: "release not observed to be made for object")
        }
        switch last.info.status {
        case .failed:
            return HelmReleaseState(status: .failed)
        case .uninstalled:
            return HelmReleaseState(status: .absent, reason: "found uninstalled release in storage")
        case .deployed:
            if last.chartName != inputs.chartName || last.chartVersion != inputs.chartVersion {
                return HelmReleaseState(status: .outOfSync, reason: "release chart changed")
            }
            if current.configDigest != inputs.valuesDigest {
                return HelmReleaseState(status: .outOfSync, reason: "release config values changed")
            }
            // Post-renderers are compared for a new generation only: the observed digest is updated after each
            // successful action, so comparing within one reconcile could loop.
            if object.status?.observedGeneration != object.metadata.generation,
                inputs.postRenderersDigest != (object.status?.observedPostRenderersDigest ?? "")
            {
                return HelmReleaseState(status: .outOfSync, reason: "postrenderers digest has changed")
            }
            if let test = object.spec.test, test.enable ?? false {
                if !current.hasBeenTested { return HelmReleaseState(status: .untested) }
                if let remediation = HelmRemediation.active(for: object),
                    !remediation.mustIgnoreTestFailures(test.ignoreFailures ?? false), current.hasTest(inPhase: "Failed")
                {
                    return HelmReleaseState(status: .failed, reason: "release has test in failed phase")
                }
            }
            if HelmReleaseReconciler.driftMode(object) != .disabled, try await drifted() {
                return HelmReleaseState(status: .drifted)
            }
            return HelmReleaseState(status: .inSync)
        default:
            throw Failure(description: "unable to determine state for release with status '\(last.info.status.rawValue)'")
        }
    }

    /// Flux's `VerifyReleaseObject`: the stored revision is the one the snapshot observed (its digest matches);
    /// snapshots of another digest format are trusted.
    static func verifies(_ snapshot: HelmReleaseSnapshot, _ record: HelmReleaseRecord) -> Bool {
        guard snapshot.apiVersion == HelmReleaseSnapshot.currentAPIVersion else { return true }
        guard snapshot.name == record.name, snapshot.version == record.version else { return false }
        return ReleaseObservation(record, ociDigest: snapshot.ociDigest).digest == snapshot.digest
    }
}
