import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

extension KustomizationReconciler {
    /// The `health` step: with `spec.wait` every applied object, else `spec.healthChecks`, polled with kstatus rules
    /// until all are current (`Healthy=True`), one has failed, or `spec.timeout` passes; then records the applied
    /// revision and the history.
    func reconcileHealth(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: KustomizationWork) async throws -> ReconcileResult
    {
        let clock = ContinuousClock()
        let started = clock.now
        let targets = try healthTargets(object, work: work)
        if targets.isEmpty {
            conditions.delete(ConditionType.healthy)
        } else {
            let outcome = try await HealthChecker(client: work.cluster ?? client, pollInterval: pollInterval).wait(for: targets, timeout: Self.timeout(object))
            let elapsed = Self.seconds(clock.now - started)
            if case .unhealthy(let what) = outcome {
                let message = "health check failed after \(elapsed): \(what)"
                conditions.markFalse(ConditionType.healthy, reason: ConditionReason.healthCheckFailed, message: message)
                recordHistory(&object, work: work, status: ConditionReason.healthCheckFailed, duration: clock.now - started)
                throw ReconcileError.generic(reason: ConditionReason.healthCheckFailed, message: message)
            }
            conditions.markTrue(ConditionType.healthy, reason: ConditionReason.succeeded, message: "Health check passed in \(elapsed)")
        }
        var status = object.status ?? KustomizationStatus()
        status.lastAppliedRevision = work.revision
        status.lastAppliedOriginRevision = work.originRevision
        object.status = status
        recordHistory(&object, work: work, status: ConditionReason.reconciliationSucceeded, duration: clock.now - started)
        return .success
    }

    /// The objects to assess: all applied ones with `spec.wait`, else `spec.healthChecks`.
    func healthTargets(_ object: Kustomization, work: KustomizationWork) throws -> [KubeObject] {
        if object.spec.wait == true {
            return work.applied
        }
        return (object.spec.healthChecks ?? []).map { check in
            KubeObject(apiVersion: check.apiVersion ?? "v1", kind: check.kind, name: check.name,
                       namespace: check.namespace ?? object.metadata.namespace)
        }
    }

    /// Adds this reconcile to `status.history` (the last five digests, most recent first).
    func recordHistory(_ object: inout Kustomization, work: KustomizationWork, status reason: String, duration: Duration) {
        guard let digest = work.digest else { return }
        let now = Timestamp.now()
        var status = object.status ?? KustomizationStatus()
        var history = status.history ?? []
        // As Flux: the snapshot names the source revision, and the origin revision when there is one.
        var revisions = work.revision.map { ["revision": $0] } ?? [:]
        if let origin = work.originRevision { revisions["originRevision"] = origin }
        let metadata = revisions.isEmpty ? nil : revisions
        let goDuration = GoDuration(duration)
        if let index = history.firstIndex(where: { $0.digest == digest }) {
            var snapshot = history.remove(at: index)
            snapshot.lastReconciled = now
            snapshot.lastReconciledDuration = goDuration
            snapshot.lastReconciledStatus = reason
            snapshot.totalReconciliations += 1
            snapshot.metadata = metadata
            history.insert(snapshot, at: 0)
        } else {
            history.insert(Snapshot(digest: digest, firstReconciled: now, lastReconciled: now, lastReconciledDuration: goDuration,
                                    lastReconciledStatus: reason, totalReconciliations: 1, metadata: metadata), at: 0)
        }
        status.history = Array(history.prefix(5))
        object.status = status
    }

    /// A duration as Flux prints it: `1.234s`.
    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3fs", value)
    }
}
