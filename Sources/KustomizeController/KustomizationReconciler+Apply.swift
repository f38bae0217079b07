import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension KustomizationReconciler {
    /// Kinds applied in the first stage, before everything that may depend on them (Flux's order).
    static let firstStageKinds: Set<String> = ["CustomResourceDefinition", "Namespace", "ClusterRole"]

    /// The `apply` step: server-side applies the objects in stages, compares each with the live object first (a dry-run
    /// apply, limited to the fields this manager sets) so that unchanged objects are left alone and drift is named and
    /// corrected; records the change set and the new inventory.
    func reconcileApply(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: KustomizationWork) async throws -> ReconcileResult
    {
        try Self.refuseEncryptedSecrets(work.objects)
        let previous = object.status?.inventory?.entries ?? []
        work.previousInventory = previous
        if work.objects.isEmpty, !previous.isEmpty, object.metadata.annotations?[Self.allowEmptyAnnotation] != "enabled" {
            throw ReconcileError.generic(
                reason: ConditionReason.pruneFailed,
                message: "the build produced no objects while the inventory holds \(previous.count); refusing to prune everything "
                    + "(annotate the Kustomization with \(Self.allowEmptyAnnotation): enabled to allow it)")
        }
        let sameRevision = work.revision != nil && work.revision == object.status?.lastAppliedRevision
        let previousIDs = Set(previous.map(\.id))
        let ignore = try Self.ignoreRules(object)
        let intents = work.objects.map { Self.labelled($0, owner: object) }
        let stages = [intents.filter { Self.firstStageKinds.contains($0.kind) }, intents.filter { !Self.firstStageKinds.contains($0.kind) }]
        let cluster = try await applyClient(for: object)
        work.cluster = cluster
        let applier = ResourceApplier(client: cluster, fieldManager: Self.fieldManager, cleanup: .kustomizeController(Self.fieldManager))
        var entries: [ChangeSetEntry] = []
        var applied: [KubeObject] = []
        var drift: [String] = []
        let force = object.spec.force ?? false
        for (index, stage) in stages.enumerated() where !stage.isEmpty {
            // Every object of the stage is planned (read and dry-run) before any is written, as Flux's `ApplyAll`: a
            // refused object (a 403 for a tenant writing outside its namespace) fails the stage with nothing of it applied.
            var plans: [ApplyPlan] = []
            var current = stage[0]
            do {
                for built in stage {
                    current = built
                    current = try await applier.placed(built)
                    plans.append(try await applier.plan(current, force: force, redactor: work.redactor, ignoring: ignore.paths(for: current)))
                }
                for plan in plans {
                    current = plan.intent
                    let (entry, result, fields) = try await applier.execute(plan)
                    entries.append(entry)
                    if let result { applied.append(result) }
                    if sameRevision {
                        if entry.action == .created, previousIDs.contains(entry.identifier.id) {
                            drift.append("\(entry.subject): deleted -> recreated")
                        } else {
                            drift += fields.map { "\(entry.subject): \($0)" }
                        }
                    }
                }
            } catch {
                // What was applied stays and stays in the inventory; nothing is pruned.
                let kept = ResourceApplier.inventory(entries) + previous.filter { old in !entries.contains { $0.identifier.id == old.id } }
                var status = object.status ?? KustomizationStatus()
                status.inventory = ResourceInventory(entries: kept.sorted { $0.id < $1.id })
                object.status = status
                recordChanges(entries, drift: drift, object: object, context: context, revision: work.revision)
                work.digest = Self.digest(of: work.objects)
                recordHistory(&object, work: work, status: ConditionReason.reconciliationFailed, duration: .zero)
                let message = (error as? DryRunFailure)?.description ?? "\(current.displayName) apply failed: \(ResourceApplier.serverMessage(error))"
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: message)
            }
            if index == 0 {
                try await applier.waitForEstablished(stage.filter { $0.kind == "CustomResourceDefinition" }, timeout: Self.timeout(object), pollInterval: pollInterval)
                try? await cluster.mapper.refresh()
            }
        }
        work.changeSet = entries
        work.applied = applied
        work.drift = drift
        work.digest = Self.digest(of: work.objects)
        var status = object.status ?? KustomizationStatus()
        status.inventory = ResourceInventory(entries: ResourceApplier.inventory(entries))
        object.status = status
        recordChanges(entries, drift: drift, object: object, context: context, revision: work.revision)
        return .success
    }

    /// `object`'s `spec.ignore`, checked: a rule that does not parse stalls the Kustomization, naming it.
    static func ignoreRules(_ object: Kustomization) throws -> DriftIgnore {
        try DriftIgnore(object.spec.ignore ?? [], field: "spec.ignore")
    }

    /// The server-side applier with this controller's field manager, over the controller's own client (placement and
    /// `diff`); the apply itself goes through ``applyClient(for:)``.
    var applier: ResourceApplier { ResourceApplier(client: client, fieldManager: Self.fieldManager) }

    /// The client every read and write of `object`'s apply, prune and health checks goes through (Flux's impersonated
    /// client): ``Impersonator/client(namespace:serviceAccountName:kubeConfig:)`` for its `serviceAccountName` (or
    /// `--default-service-account`) and `kubeConfig`. A missing account or an unusable kubeconfig fails the reconcile
    /// (and is retried: the platform may create it later).
    func applyClient(for object: Kustomization) async throws -> KubernetesClient {
        do {
            return try await impersonator.client(namespace: object.metadata.namespace ?? "default",
                                                 serviceAccountName: object.spec.serviceAccountName, kubeConfig: object.spec.kubeConfig)
        } catch let error as ReconcileError {
            throw error
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: "\(error)")
        }
    }

    /// Records the change set (created, configured, deleted lines) and the drift as events.
    func recordChanges(_ entries: [ChangeSetEntry], drift: [String], object: Kustomization, context: ReconcileContext, revision: String?) {
        guard let raw = try? KubeObject(encoding: object) else { return }
        let metadata = revision.map { ["revision": $0] } ?? [:]
        let changes = entries.filter { [.created, .configured, .deleted].contains($0.action) }
        if !changes.isEmpty {
            context.events.record(raw, severity: .info, reason: ConditionReason.progressing,
                                  message: changes.map(\.line).joined(separator: "\n"), metadata: metadata)
        }
        if !drift.isEmpty {
            context.events.record(raw, severity: .info, reason: "DriftDetected",
                                  message: "drift detected and corrected:\n" + drift.joined(separator: "\n"), metadata: metadata)
            let objects = Set(drift.map { $0.split(separator: ":").first.map(String.init) ?? $0 }).count
            metrics?.recordDrift(kind: Kustomization.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name, objects: objects)
        }
    }
}
