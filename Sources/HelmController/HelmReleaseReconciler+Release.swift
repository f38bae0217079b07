import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// The `release` step, Flux's `AtomicRelease`: determine the state of the release in storage, run the action it
    /// calls for (install, upgrade, test, rollback or uninstall remediation, unlock, drift correction), and again,
    /// until nothing remains, an action kind would run a second time, or a remediation ran. `Ready` mirrors the
    /// release conditions as Flux's `summarize` does.
    func reconcileRelease(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext,
                          _ work: HelmReleaseWork) async throws -> ReconcileResult
    {
        guard let chart = work.chart else {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "no chart was loaded")
        }
        let target = HelmReleaseTarget(object)
        // From here on every read and write of the release goes through the release's client (the tenant's account).
        let releaser = try await releasing(object)
        work.lookup = ClusterHelmLookup(client: releaser.client)
        if let change = Self.targetChange(object, target: target, chartName: chart.name) {
            context.logger.info("release target configuration changed (\(change)): running uninstall for current release")
            try await releaser.uninstallForDeletion(&object, &conditions, context)
            Self.updateStatus(&object) { status in
                status.history = nil
                status.failures = nil
                status.installFailures = nil
                status.upgradeFailures = nil
                status.storageNamespace = nil
            }
            // Flux requeues at once; a wait keeps `Ready` from claiming success in between.
            throw ReconcileError.waiting(reason: ConditionReason.progressing,
                                         message: "release target configuration changed (\(change)): uninstalled the previous release",
                                         retryAfter: .milliseconds(1))
        }

        let valuesDigest = work.valuesDigest ?? ""
        let ociDigest = work.chartRevisionDigest
        Self.updateStatus(&object) { $0.storageNamespace = target.storageNamespace }
        if let reason = Self.failureResetReason(&object, chartVersion: chart.metadata.version, valuesDigest: valuesDigest) {
            context.logger.debug("resetting failure count (\(reason))")
            Self.clearFailures(&object)
        }
        let generation = object.metadata.generation
        Self.updateStatus(&object) { status in
            status.lastAttemptedGeneration = generation
            status.lastAttemptedRevision = chart.metadata.version
            status.lastAttemptedRevisionDigest = ociDigest
            status.lastAttemptedConfigDigest = valuesDigest
            status.lastAttemptedValuesChecksum = nil
            status.lastReleaseRevision = nil
        }

        let run = ReleaseRun(reconciler: releaser, context: context, work: work, chart: chart, target: target,
                             valuesDigest: valuesDigest, ociDigest: ociDigest)
        defer { object.conditions = conditions.items }
        return try await run.atomicRelease(&object, &conditions)
    }

    /// Flux's `ReleaseTargetChanged`: why the release this object made is not the one it now describes (storage
    /// namespace, release namespace, release name or chart name changed), so that it is uninstalled first.
    static func targetChange(_ object: HelmRelease, target: HelmReleaseTarget, chartName: String) -> String? {
        guard let stored = object.status?.storageNamespace, !stored.isEmpty, let current = history(object).latest else { return nil }
        if target.storageNamespace != stored { return "storage namespace" }
        if target.namespace != current.namespace { return "release namespace" }
        if target.name != current.name { return "release name" }
        if chartName != current.chartName { return "chart name" }
        return nil
    }

    /// Flux's `MustResetFailures`: the failure counters start again for a new generation, chart version or values, or
    /// on `reconcile.fluxcd.io/resetAt` (always marked handled).
    static func failureResetReason(_ object: inout HelmRelease, chartVersion: String, valuesDigest: String) -> String? {
        let resetRequested = handleRequest(&object, annotation: FluxAnnotations.resetRequest, handled: \.lastHandledResetAt)
        let status = object.status
        if status?.lastAttemptedGeneration != object.metadata.generation { return "generation differs from last attempt" }
        if (status?.lastAttemptedRevision ?? "") != chartVersion { return "chart version differs from last attempt" }
        if let last = status?.lastAttemptedConfigDigest, !last.isEmpty, last != valuesDigest { return "values differ from last attempt" }
        return resetRequested ? "reset requested through annotation" : nil
    }

    /// Flux's `HandleAnnotationRequest` for `reconcile.fluxcd.io/forceAt` or `resetAt`: true once for a request whose
    /// token equals `reconcile.fluxcd.io/requestedAt` (as `flux reconcile --force|--reset` sets both); the token is
    /// marked handled either way.
    static func handleRequest(_ object: inout HelmRelease, annotation: String,
                              handled: WritableKeyPath<HelmReleaseStatus, String?>) -> Bool
    {
        let annotations = object.metadata.annotations ?? [:]
        guard let requested = annotations[annotation] else { return false }
        var status = object.status ?? HelmReleaseStatus()
        let previous = status[keyPath: handled]
        status[keyPath: handled] = requested
        object.status = status
        // The controller has already copied requestedAt to lastHandledReconcileAt, so only the request's own last
        // handled token tells a new request from one already handled.
        return annotations[FluxAnnotations.reconcileRequest] == requested && previous != requested
    }
}
