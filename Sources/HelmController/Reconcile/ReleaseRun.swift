import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

/// One pass of Flux's `AtomicRelease` over a HelmRelease: what every action of the pass shares (the chart, values
/// digest, storage and Helm's actions), the loop, and the choice of the next action.
struct ReleaseRun: Sendable {
    /// The reconciler (client, settings).
    let reconciler: HelmReleaseReconciler
    /// Events, logger, API.
    let context: ReconcileContext
    /// The chart and values of this reconcile.
    let work: HelmReleaseWork
    /// The loaded chart.
    let chart: SluiceHelm.HelmChart
    /// Where the release lives.
    let target: HelmReleaseTarget
    /// The digest of the values (`status.lastAttemptedConfigDigest`).
    let valuesDigest: String
    /// The OCI artifact digest of the chart, for an OCIRepository source.
    let ociDigest: String?
    /// The release storage in the storage namespace.
    let storage: any ReleaseStorage
    /// Helm's actions on that storage.
    let runner: HelmActionRunner

    init(reconciler: HelmReleaseReconciler, context: ReconcileContext, work: HelmReleaseWork, chart: SluiceHelm.HelmChart,
         target: HelmReleaseTarget, valuesDigest: String, ociDigest: String?)
    {
        self.reconciler = reconciler
        self.context = context
        self.work = work
        self.chart = chart
        self.target = target
        self.valuesDigest = valuesDigest
        self.ociDigest = ociDigest
        storage = reconciler.storage(target.storageNamespace)
        runner = HelmActionRunner(client: reconciler.client, storage: storage, fieldManager: HelmReleaseReconciler.fieldManager,
                                  pollInterval: reconciler.pollInterval, logger: context.logger)
    }

    /// Why the loop stopped without finishing.
    enum Stop: Error {
        /// No retries remain (`RetriesExceeded`).
        case exceededMaxRetries(String)
        /// The release to roll back to is gone from storage.
        case missingRollbackTarget(String)
        /// Another failure.
        case failed(String)
    }

    /// The loop: until no action remains, an action kind would run twice, or a remediation ran.
    func atomicRelease(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws -> ReconcileResult {
        var previous: [HelmReleaseAction.Kind] = []
        var drift = ObservedDrift()
        while true {
            try Task.checkCancellation()
            let state: HelmReleaseState
            do {
                state = try await determineState(object, drift: &drift)
            } catch {
                let message = "Could not determine release state: \(error)"
                conditions.markFalse(ConditionType.ready, reason: HelmReleaseReason.stateError, message: message)
                throw ReconcileError.generic(reason: HelmReleaseReason.stateError, message: message)
            }
            context.logger.debug("determining next Helm action based on state: '\(state.status.rawValue)' reason '\(state.reason)'")

            let next: HelmReleaseAction?
            do {
                next = try await action(for: state, &object, &conditions, drift: drift)
            } catch Stop.exceededMaxRetries(let why) {
                throw stalled(object, conditions, reason: HelmReleaseReason.retriesExceeded, why: why)
            } catch Stop.missingRollbackTarget(let why) {
                throw stalled(object, conditions, reason: HelmReleaseReason.missingRollbackTarget, why: why)
            } catch Stop.failed(let why) {
                throw failure(object, conditions, fallback: why)
            }

            guard let next else {
                context.logger.debug("no further action to take, atomic release completed")
                conditions.delete(ConditionType.reconciling)
                reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest)
                return try done(object, conditions)
            }

            if previous.contains(next.kind) {
                context.logger.debug("instructed to stop before running \(next.kind.rawValue) action reconciler \(next.name)")
                if let retry = HelmReleaseReconciler.activeRetryInterval(object) { throw retrying(object, conditions, after: retry) }
                if let remediation = HelmRemediation.active(for: object), remediation.retriesExhausted(object) {
                    conditions.delete(ConditionType.reconciling)
                    return try done(object, conditions)
                }
                throw failure(object, conditions, fallback: "the release has not settled yet: reconciling again")
            }

            let timeout = HelmReleaseReconciler.goString(HelmReleaseReconciler.timeout(of: next, object))
            context.logger.info("running '\(next.name)' action with timeout of \(timeout)")
            do {
                try await run(next, &object, &conditions, drift: drift)
            } catch {
                context.logger.debug("action reconciler \(next.name) of type \(next.kind.rawValue) returned error: \(error)")
                if let retry = HelmReleaseReconciler.activeRetryInterval(object) {
                    context.logger.error("failed to run '\(next.name)' action: \(error)")
                    throw retrying(object, conditions, after: retry)
                }
                if conditions.isTrue(ConditionType.ready) || conditions.get(ConditionType.ready) == nil {
                    conditions.markFalse(ConditionType.ready, reason: HelmReleaseReason.reconcileError, message: "\(error)")
                }
                throw failure(object, conditions, fallback: "\(error)")
            }

            if next.kind == .remediate {
                if let retry = HelmReleaseReconciler.activeRetryInterval(object) { throw retrying(object, conditions, after: retry) }
                let remediation = HelmRemediation.active(for: object)
                if remediation == nil || !remediation!.retriesExhausted(object) || remediation!.isUninstallAfterUpgrade {
                    throw failure(object, conditions, fallback: "the release has not settled yet: reconciling again")
                }
                throw stalled(object, conditions, reason: HelmReleaseReason.retriesExceeded, why: "")
            }
            previous.append(next.kind)
        }
    }

    // MARK: - Outcomes

    /// The release conditions' `Ready`, as the controller's summary will set it from the outcome.
    private func ready(_ object: HelmRelease, _ conditions: Conditions) -> Condition? {
        if let summarized = HelmReleaseReconciler.summarizedReady(object, conditions) { return summarized }
        return conditions.get(ConditionType.ready)
    }

    /// Nothing left to do: success when `Ready` is true, otherwise a wait of one interval with `Ready` as it is.
    private func done(_ object: HelmRelease, _ conditions: Conditions) throws -> ReconcileResult {
        guard let ready = ready(object, conditions), ready.status != .true else { return .success }
        throw ReconcileError.waiting(reason: ready.reason, message: ready.message, retryAfter: object.spec.interval.duration)
    }

    /// A failure to retry with back-off (Flux's `ErrMustRequeue` and action errors), `Ready` as the release
    /// conditions have it.
    private func failure(_ object: HelmRelease, _ conditions: Conditions, fallback: String) -> ReconcileError {
        if let ready = ready(object, conditions), ready.status != .true {
            return .generic(reason: ready.reason, message: ready.message)
        }
        return .generic(reason: HelmReleaseReason.reconcileError, message: fallback)
    }

    /// The `RetryOnFailure` strategy: try again after its interval.
    private func retrying(_ object: HelmRelease, _ conditions: Conditions, after interval: Duration) -> ReconcileError {
        context.logger.info("retrying after \(HelmReleaseReconciler.goString(interval))")
        let ready = ready(object, conditions)
        return .waiting(reason: ready?.reason ?? ConditionReason.progressingWithRetry,
                        message: ready?.message ?? "retrying after \(HelmReleaseReconciler.goString(interval))", retryAfter: interval)
    }

    /// No retries remain: stalled until the spec changes (or a reset or force is requested). `Ready` keeps the
    /// release conditions' failure, as in Flux; the stall is logged with Flux's `Stalled` message.
    private func stalled(_ object: HelmRelease, _ conditions: Conditions, reason: String, why: String) -> ReconcileError {
        let action = object.status?.lastAttemptedReleaseAction ?? ""
        let count = HelmRemediation.active(for: object)?.failureCount(object) ?? 0
        let message = reason == HelmReleaseReason.retriesExceeded
            ? "Failed to \(action) after \(count) attempt(s)" : "Failed to perform remediation: \(why)"
        context.logger.info("\(reason): \(message)")
        if let ready = ready(object, conditions), ready.status != .true {
            return .stalling(reason: ready.reason, message: ready.message)
        }
        return .stalling(reason: reason, message: message)
    }

    // MARK: - State

    /// The drift found while determining the state, with the revision it was found against.
    struct ObservedDrift: Sendable {
        var release: HelmReleaseRecord?
        var objects: [ReleaseDrift] = []
    }

    /// Flux's `DetermineReleaseState` against the storage; drift, when looked for, is kept in `drift`.
    func determineState(_ object: HelmRelease, drift: inout ObservedDrift) async throws -> HelmReleaseState {
        let last = try await storage.last(name: target.name)
        let postRenderers = object.spec.postRenderers == nil ? "" : (work.postRenderersDigest ?? "")
        let inputs = HelmReleaseState.Inputs(last: last, chartName: chart.name, chartVersion: chart.metadata.version,
                                             valuesDigest: valuesDigest, postRenderersDigest: postRenderers)
        var found: [ReleaseDrift] = []
        let state = try await HelmReleaseState.determine(object, inputs) {
            guard let last else { return false }
            found = try await reconciler.releaseDrift(object, release: last, context: context)
            return !found.isEmpty
        }
        drift = ObservedDrift(release: last, objects: found)
        return state
    }

    /// Flux's `actionForState`: the next action for `state`, nil when done.
    func action(for state: HelmReleaseState, _ object: inout HelmRelease, _ conditions: inout Conditions,
                drift: ObservedDrift) async throws -> HelmReleaseAction?
    {
        let forceRequested = HelmReleaseReconciler.handleRequest(&object, annotation: FluxAnnotations.forceRequest,
                                                                  handled: \.lastHandledForceAt)
        let ignoreTestFailures = HelmReleaseReconciler.ignoresTestFailures(object)
        let remediation = HelmRemediation.active(for: object)
        let retry = HelmReleaseReconciler.activeRetryInterval(object)
        var history = HelmReleaseReconciler.history(object)
        defer { HelmReleaseReconciler.setHistory(&object, history) }

        switch state.status {
        case .inSync:
            context.logger.info("release in-sync with desired state")
            if retry != nil {
                history.truncateIgnoringPrevious()
            } else {
                history.truncate(ignoringTests: remediation?.mustIgnoreTestFailures(ignoreTestFailures) ?? ignoreTestFailures)
            }
            if forceRequested {
                context.logger.info("forcing upgrade for in-sync release: force requested through annotation")
                return .upgrade
            }
            if conditions.isTrue(ConditionType.remediated), let current = history.latest {
                replaceRemediated(&conditions, with: ConditionReason.upgradeSucceeded, message: HelmReleaseMessages.upgradeSucceeded(current))
            }
            if !conditions.isTrue(ConditionType.ready) || !conditions.isTrue(ConditionType.released), let current = history.latest {
                switch conditions.get(ConditionType.released)?.reason {
                case ConditionReason.installFailed?:
                    conditions.markTrue(ConditionType.released, reason: ConditionReason.installSucceeded, message: HelmReleaseMessages.installSucceeded(current))
                case ConditionReason.upgradeFailed?:
                    conditions.markTrue(ConditionType.released, reason: ConditionReason.upgradeSucceeded, message: HelmReleaseMessages.upgradeSucceeded(current))
                default: break
                }
            }
            if HelmReleaseReconciler.driftMode(object) != .disabled {
                conditions.markFalse(HelmReleaseReconciler.driftedCondition, reason: HelmReleaseReconciler.noDriftDetectedReason,
                                     message: "No drift detected against the cluster state")
            }
            return nil
        case .locked:
            context.logger.info("release locked: \(state.reason)")
            return .unlock
        case .absent:
            context.logger.info("release not installed: \(state.reason)")
            if HelmRemediation.install(object).retriesExhausted(object) {
                if forceRequested { return .install }
                throw Stop.exceededMaxRetries("cannot install release")
            }
            return .install
        case .unmanaged:
            context.logger.info("release not managed by controller: \(state.reason)")
            history = []
            return .upgrade
        case .outOfSync:
            context.logger.info("release out-of-sync with desired state: \(state.reason)")
            if HelmRemediation.upgrade(object).retriesExhausted(object) {
                if forceRequested { return .upgrade }
                throw Stop.exceededMaxRetries("cannot upgrade release")
            }
            return .upgrade
        case .drifted:
            guard let release = drift.release else { return nil }
            let message = HelmReleaseReconciler.driftMessage(drift.objects, release: release)
            context.logger.info("detected changes in cluster state")
            if let current = history.latest {
                reconciler.recordEvent(object, context, warning: true, reason: HelmReleaseReconciler.driftDetectedReason, message: message,
                                       about: current)
            }
            conditions.markTrue(HelmReleaseReconciler.driftedCondition, reason: HelmReleaseReconciler.driftDetectedReason, message: message)
            return HelmReleaseReconciler.driftMode(object) == .enabled ? .correctDrift : nil
        case .untested:
            context.logger.info("release has not been tested")
            if conditions.isTrue(ConditionType.remediated), let current = history.latest {
                replaceRemediated(&conditions, with: ConditionReason.upgradeSucceeded, message: HelmReleaseMessages.upgradeSucceeded(current))
            }
            return .test
        case .failed:
            context.logger.info("release is in a failed state: \(state.reason)")
            if retry != nil {
                history.truncateIgnoringPrevious()
                return .upgrade
            }
            guard let remediation else { return .upgrade }
            if remediation.failureCount(object) <= 0 {
                context.logger.info("release conditions have changed since last failure")
                return .upgrade
            }
            if forceRequested { return .upgrade }
            if remediation.retriesExhausted(object) && !remediation.mustRemediateLastFailure {
                throw Stop.exceededMaxRetries("cannot remediate failed release")
            }
            let ignore = remediation.mustIgnoreTestFailures(ignoreTestFailures)
            history.truncate(ignoringTests: ignore)
            switch remediation.strategy {
            case "rollback":
                guard let previousRelease = history.previous(ignoringTests: ignore) else {
                    throw Stop.missingRollbackTarget("missing target release for rollback: cannot remediate failed release")
                }
                guard let stored = try await storage.get(name: previousRelease.name, version: previousRelease.version) else {
                    // Gone from storage (pruned): the upgrade is tried again rather than a rollback to nothing.
                    context.logger.info("unable to verify previous release in storage to roll back to: release disappeared from storage")
                    return .upgrade
                }
                if !HelmReleaseState.verifies(previousRelease, stored) {
                    context.logger.info("unable to verify previous release in storage to roll back to: release not observed to be made for object")
                    return .upgrade
                }
                return .rollbackRemediation
            case "uninstall":
                return .uninstallRemediation
            default:
                throw Stop.failed("unknown remediation strategy: \(remediation.strategy)")
            }
        }
    }

    /// Flux's `replaceCondition`: `Remediated` becomes `Released` (keeping its transition time when nothing else
    /// changes), for a release already in sync after a rollback.
    private func replaceRemediated(_ conditions: inout Conditions, with reason: String, message: String) {
        guard conditions.get(ConditionType.remediated) != nil else { return }
        conditions.delete(ConditionType.remediated)
        conditions.markTrue(ConditionType.released, reason: reason, message: message)
    }

    /// Runs `action`; throws only when it could not run or left storage unchanged (Flux's action reconcilers).
    func run(_ action: HelmReleaseAction, _ object: inout HelmRelease, _ conditions: inout Conditions, drift: ObservedDrift) async throws {
        switch action {
        case .install: try await install(&object, &conditions)
        case .upgrade: try await upgrade(&object, &conditions)
        case .test: try await test(&object, &conditions)
        case .rollbackRemediation: try await rollback(&object, &conditions)
        case .uninstallRemediation: try await uninstallRemediation(&object, &conditions)
        case .unlock: try await unlock(&object, &conditions)
        case .correctDrift: await correctDrift(&object, &conditions, drift: drift)
        }
    }
}
