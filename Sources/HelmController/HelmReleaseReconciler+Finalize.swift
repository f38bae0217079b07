import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// On deletion (Flux's `reconcileDelete`): unless suspended, uninstall the release (with `spec.uninstall`'s
    /// options) and delete the HelmChart made for `spec.chart`. The uninstall acts through the release's client
    /// (``releasing(_:)``); when the account it impersonates is gone (say its namespace is terminating), the release is
    /// left installed and the object goes away all the same, as Flux's `reconcileReleaseDeletion` does.
    public func finalize(_ object: HelmRelease, context: ReconcileContext) async throws {
        guard !object.isSuspended else { return }
        var object = object
        var conditions = Conditions(object.conditions, generation: object.metadata.generation)
        let namespace = object.metadata.namespace ?? "default"
        if try await impersonator.canImpersonate(namespace: namespace, serviceAccountName: object.spec.serviceAccountName,
                                                 kubeConfig: object.spec.kubeConfig)
        {
            try await releasing(object).uninstallForDeletion(&object, &conditions, context)
        } else {
            let account = impersonator.account(serviceAccountName: object.spec.serviceAccountName) ?? ""
            context.logger.error("skipping Helm release uninstallation: ServiceAccount \"\(namespace)/\(account)\" not found")
        }
        try await deleteHelmChart(for: object, context: context)
    }

    /// Flux's `reconcileReleaseDeletion` and `Uninstall`: uninstalls the latest release this object made, if any;
    /// one already gone from storage counts as uninstalled. Throws when the uninstall fails.
    func uninstallForDeletion(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext) async throws {
        guard let storageNamespace = object.status?.storageNamespace, !storageNamespace.isEmpty else {
            context.logger.info("skipping Helm release uninstallation: no storage namespace configured")
            return
        }
        guard let current = Self.history(object).latest else { return }
        let storage = self.storage(storageNamespace)
        let runner = HelmActionRunner(client: client, storage: storage, fieldManager: Self.fieldManager, pollInterval: pollInterval,
                                      logger: context.logger)
        if try await storage.last(name: current.name) == nil {
            conditions.markFalse(ConditionType.released, reason: ConditionReason.uninstallSucceeded,
                                 message: "Release \(current.fullReleaseName) was not found, assuming it is uninstalled")
            return
        }
        var failure = try await uninstall(current, on: &object, action: "uninstall", runner: runner)
        let latest = Self.history(object).latest ?? current
        if let error = failure, object.spec.uninstall?.keepHistory ?? false, "\(error)".contains("is already deleted") {
            conditions.markFalse(ConditionType.released, reason: ConditionReason.uninstallSucceeded,
                                 message: "Release \(current.fullReleaseName) was already uninstalled")
            return
        }
        if failure == nil, current.digest == latest.digest, current.status != "uninstalled" {
            failure = ReleaseRunError("uninstall completed with error: no release storage update")
        }
        if let failure {
            let message = HelmReleaseMessages.uninstallFailed(latest, error: ReleaseRun.words(failure))
            Self.countFailure(&object)
            conditions.markFalse(ConditionType.released, reason: ConditionReason.uninstallFailed, message: message)
            recordEvent(object, context, warning: true, reason: ConditionReason.uninstallFailed, message: message, about: latest)
            throw ReconcileError.generic(reason: ConditionReason.uninstallFailed, message: message)
        }
        let message = HelmReleaseMessages.uninstallSucceeded(latest)
        Self.updateStatus(&object) { $0.inventory = nil }
        conditions.markFalse(ConditionType.released, reason: ConditionReason.uninstallSucceeded, message: message)
        recordEvent(object, context, warning: false, reason: ConditionReason.uninstallSucceeded, message: message, about: latest)
        context.logger.info("uninstalled Helm release for deleted resource")
    }

    /// Runs `helm uninstall` of `current` with `spec.uninstall`'s options and records the uninstalled revision it
    /// returns on its snapshot (with `action`); returns the action's failure, if any.
    func uninstall(_ current: HelmReleaseSnapshot, on object: inout HelmRelease, action: String, runner: HelmActionRunner) async throws
        -> (any Error)?
    {
        let spec = object.spec.uninstall
        let propagation: PropagationPolicy
        switch spec?.deletionPropagation {
        case "foreground"?: propagation = .foreground
        case "orphan"?: propagation = .orphan
        default: propagation = .background
        }
        do {
            let uninstalled = try await runner.uninstall(
                releaseName: current.name, timeout: Self.timeout(of: .uninstallRemediation, object),
                wait: !(spec?.disableWait ?? false), disableHooks: spec?.disableHooks ?? false,
                keepHistory: spec?.keepHistory ?? false, deletionPropagation: propagation)
            if let uninstalled {
                guard uninstalled.name == current.name, uninstalled.namespace == current.namespace, uninstalled.version == current.version else {
                    return ReleaseRunError("release mismatch: uninstalled release \(uninstalled.namespace)/\(uninstalled.name).v\(uninstalled.version) != current release \(current.fullReleaseName)")
                }
                var history = Self.history(object)
                Self.refresh(&history, with: uninstalled, action: action)
                Self.setHistory(&object, history)
            }
            return nil
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return error
        }
    }
}
