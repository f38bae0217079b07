import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

extension ReleaseRun {
    /// Flux's `RollbackRemediation`: re-releases the previous deployed revision after a failed upgrade.
    func rollback(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        defer { reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest) }
        let history = HelmReleaseReconciler.history(object)
        let ignore = HelmRemediation.upgrade(object).mustIgnoreTestFailures(HelmReleaseReconciler.ignoresTestFailures(object))
        guard let current = history.latest, let previous = history.previous(ignoringTests: ignore) else {
            throw ReleaseRunError("missing target release for rollback: required to rollback")
        }
        guard previous.name == current.name, previous.namespace == current.namespace else {
            throw ReleaseRunError("release mismatch: previous release name or namespace \(previous.fullReleaseName) does not match current \(current.fullReleaseName)")
        }
        let spec = object.spec.rollback
        let timeout = HelmReleaseReconciler.timeout(of: .rollbackRemediation, object)
        let maxHistory = object.spec.maxHistory ?? HelmReleaseReconciler.defaultMaxHistory
        let (written, failure) = try await writing {
            try await runner.rollback(releaseName: previous.name, toVersion: previous.version, timeout: timeout,
                                      wait: !(spec?.disableWait ?? false), waitForJobs: !(spec?.disableWaitForJobs ?? false),
                                      disableHooks: spec?.disableHooks ?? false, force: spec?.force ?? false,
                                      recreate: spec?.recreate ?? false, cleanupOnFail: spec?.cleanupOnFail ?? false, maxHistory: maxHistory)
        }
        // The new revision carries the previous one's config; revisions it changed (superseded) are refreshed.
        var updated = history
        for record in written.sorted(by: { $0.version > $1.version }) {
            if updated.contains(where: { $0.targets(name: record.name, namespace: record.namespace, version: record.version) }) {
                HelmReleaseReconciler.refresh(&updated, with: record, action: "rollback")
            } else {
                updated.insert(ReleaseObservation(record, ociDigest: previous.ociDigest)
                    .snapshot(configDigest: previous.configDigest, action: nil), at: 0)
            }
        }
        HelmReleaseReconciler.setHistory(&object, updated)
        if let newest = written.max(by: { $0.version < $1.version }) { await recordInventory(of: newest, on: &object) }

        if let failure {
            let message = HelmReleaseMessages.rollbackFailed(previous, error: Self.words(failure))
            HelmReleaseReconciler.countFailure(&object)
            conditions.markFalse(ConditionType.remediated, reason: ConditionReason.rollbackFailed, message: message)
            reconciler.recordEvent(object, context, warning: true, reason: ConditionReason.rollbackFailed, message: message,
                                   revision: previous.chartVersion, token: valuesDigest, appVersion: previous.appVersion,
                                   ociDigest: previous.ociDigest)
            let latest = HelmReleaseReconciler.history(object).latest
            if latest == nil || latest?.digest == current.digest { throw failure }
            return
        }
        let message = HelmReleaseMessages.rollbackSucceeded(previous)
        conditions.markTrue(ConditionType.remediated, reason: ConditionReason.rollbackSucceeded, message: message)
        reconciler.recordEvent(object, context, warning: false, reason: ConditionReason.rollbackSucceeded, message: message,
                               revision: previous.chartVersion, token: valuesDigest, appVersion: previous.appVersion,
                               ociDigest: previous.ociDigest)
    }

    /// Flux's `UninstallRemediation`: uninstalls the failed release (install remediation, or the `uninstall`
    /// strategy of an upgrade) so that the next pass installs it afresh.
    func uninstallRemediation(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        guard let current = HelmReleaseReconciler.history(object).latest else {
            throw ReleaseRunError("no latest release: required to uninstall")
        }
        var failure = try await reconciler.uninstall(current, on: &object, action: "uninstall-remediation", runner: runner)
        let latest = HelmReleaseReconciler.history(object).latest
        if failure == nil && current.digest == latest?.digest {
            failure = ReleaseRunError("uninstall completed with error: no release storage update")
        }
        if let failure {
            let message = HelmReleaseMessages.uninstallRemediationFailed(latest ?? current, error: Self.words(failure))
            HelmReleaseReconciler.countFailure(&object)
            conditions.markFalse(ConditionType.remediated, reason: ConditionReason.uninstallFailed, message: message)
            reconciler.recordEvent(object, context, warning: true, reason: ConditionReason.uninstallFailed, message: message,
                                   about: latest ?? current)
            if current.digest == latest?.digest { throw failure }
            return
        }
        let message = HelmReleaseMessages.uninstallRemediationSucceeded(latest ?? current)
        conditions.markTrue(ConditionType.remediated, reason: ConditionReason.uninstallSucceeded, message: message)
        reconciler.recordEvent(object, context, warning: false, reason: ConditionReason.uninstallSucceeded, message: message,
                               about: latest ?? current)
    }

    /// Flux's `Unlock`: a revision left pending by an interrupted action is marked failed, so that the loop can act.
    func unlock(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        defer { reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest) }
        guard var last = try await storage.last(name: target.name) else { return }
        let history = HelmReleaseReconciler.history(object)
        let known = history.first { $0.targets(name: last.name, namespace: last.namespace, version: last.version) }
        let current = ReleaseObservation(last, ociDigest: known?.ociDigest).snapshot(configDigest: known?.configDigest ?? "", action: known?.action)
        let status = last.info.status
        guard status.isPending else { return }
        last.info.status = .failed
        last.info.description = "Release unlocked from stale '\(status.rawValue)' state"
        do {
            try await storage.update(last)
        } catch {
            let message = HelmReleaseMessages.unlockFailed(current, status: status.rawValue, error: "\(error)")
            HelmReleaseReconciler.countFailure(&object)
            conditions.markFalse(ConditionType.released, reason: HelmReleaseReason.pendingRelease, message: message)
            reconciler.recordEvent(object, context, warning: true, reason: HelmReleaseReason.pendingRelease, message: message, about: current)
            throw error
        }
        var updated = history
        HelmReleaseReconciler.refresh(&updated, with: last, action: nil)
        HelmReleaseReconciler.setHistory(&object, updated)
        let message = HelmReleaseMessages.unlockSucceeded(current, status: status.rawValue)
        conditions.markFalse(ConditionType.released, reason: HelmReleaseReason.pendingRelease, message: message)
        reconciler.recordEvent(object, context, warning: false, reason: HelmReleaseReason.pendingRelease, message: message, about: current)
    }

    /// Flux's `CorrectClusterDrift`: re-applies the drifted objects of the revision the drift was found against and
    /// reports what changed; a failure is reported, never thrown (the release itself is fine).
    func correctDrift(_ object: inout HelmRelease, _ conditions: inout Conditions, drift: ObservedDrift) async {
        guard HelmReleaseReconciler.driftMode(object) == .enabled, !drift.objects.isEmpty, let release = drift.release,
            let current = HelmReleaseReconciler.history(object).latest
        else { return }
        conditions.markUnknown(ConditionType.ready, reason: ConditionReason.progressing, message: "correcting cluster drift")
        do {
            let changes = try await reconciler.correctDrift(object, release: release, drift: drift.objects, context: context)
            guard !changes.isEmpty else { return }
            reconciler.recordEvent(object, context, warning: false, reason: HelmReleaseReconciler.driftCorrectedReason,
                                   message: HelmReleaseReconciler.driftCorrectedMessage(changes, release: release), about: current)
        } catch {
            let message = (error as? ReleaseDriftCorrectionError)?.description
                ?? "Failed to correct cluster state of release \(current.fullReleaseName):\n\(error)"
            reconciler.recordEvent(object, context, warning: true, reason: HelmReleaseReconciler.driftCorrectionFailedReason,
                                   message: message, about: current)
        }
    }
}
