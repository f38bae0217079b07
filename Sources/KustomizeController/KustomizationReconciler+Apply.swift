import Foundation
import Logging
import SluiceAPI
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
        let intents = work.objects.map { built -> KubeObject in
            var intent = Self.labelled(built, owner: object)
            for rule in object.spec.driftIgnoreRules ?? [] where Self.matches(rule.target, intent) {
                for path in rule.paths { intent[path: Self.pointer(path)] = nil }
            }
            return intent
        }
        let stages = [intents.filter { Self.firstStageKinds.contains($0.kind) }, intents.filter { !Self.firstStageKinds.contains($0.kind) }]
        var entries: [ChangeSetEntry] = []
        var applied: [KubeObject] = []
        var drift: [String] = []
        let force = object.spec.force ?? false
        for (index, stage) in stages.enumerated() where !stage.isEmpty {
            for built in stage {
                var intent = built
                do {
                    intent = try await placed(intent)
                    let (entry, result, fields) = try await applyOne(intent, force: force, redactor: work.redactor, context: context)
                    entries.append(entry)
                    if let result { applied.append(result) }
                    if sameRevision {
                        if entry.action == .created, previousIDs.contains(entry.identifier.id) {
                            drift.append("\(entry.subject): deleted -> recreated")
                        } else {
                            drift += fields.map { "\(entry.subject): \($0)" }
                        }
                    }
                } catch {
                    // What was applied stays and stays in the inventory; nothing is pruned.
                    let kept = Self.inventory(entries) + previous.filter { old in !entries.contains { $0.identifier.id == old.id } }
                    var status = object.status ?? KustomizationStatus()
                    status.inventory = ResourceInventory(entries: kept.sorted { $0.id < $1.id })
                    object.status = status
                    recordChanges(entries, drift: drift, object: object, context: context, revision: work.revision)
                    work.digest = Self.digest(of: work.objects)
                    recordHistory(&object, work: work, status: ConditionReason.reconciliationFailed, duration: .zero)
                    let message = (error as? DryRunFailure)?.description ?? "\(intent.displayName) apply failed: \(Self.serverMessage(error))"
                    throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: message)
                }
            }
            if index == 0 {
                try await waitForEstablished(stage.filter { $0.kind == "CustomResourceDefinition" }, object: object, context: context)
                try? await client.mapper.refresh()
            }
        }
        work.changeSet = entries
        work.applied = applied
        work.drift = drift
        work.digest = Self.digest(of: work.objects)
        var status = object.status ?? KustomizationStatus()
        status.inventory = ResourceInventory(entries: Self.inventory(entries))
        object.status = status
        recordChanges(entries, drift: drift, object: object, context: context, revision: work.revision)
        return .success
    }

    /// `object` in the namespace it is applied to: its own or `default` for a namespaced kind, none for a cluster-scoped one.
    func placed(_ object: KubeObject) async throws -> KubeObject {
        var object = object
        let resource = try await client.mapper.mapping(for: object.gvk)
        if resource.namespaced {
            if object.namespace == nil { object.namespace = "default" }
        } else {
            object.namespace = nil
        }
        return object
    }

    /// Applies one object (already ``placed(_:)``) and says what happened, with the drifted fields when it was changed
    /// (a Secret's values, and any value holding one `redactor` knows, masked).
    func applyOne(_ intent: KubeObject, force: Bool, redactor: SecretRedactor, context: ReconcileContext) async throws
        -> (ChangeSetEntry, KubeObject?, [String])
    {
        func entry(_ action: ChangeSetEntry.Action) -> ChangeSetEntry {
            ChangeSetEntry(subject: intent.displayName, identifier: intent.identifier, version: intent.gvk.version, action: action)
        }
        let live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name)
        // As Flux's `shouldSkipApply`: a marker on the desired or the live object, as a label or an annotation, in any case.
        if MetadataSelector.applyExclusions.matchesAny(intent, live) {
            return (entry(.skipped), nil, [])
        }
        guard let live else {
            let created = try await client.apply(intent, fieldManager: Self.fieldManager, force: true)
            return (entry(.created), created, [])
        }
        if MetadataSelector.ifNotPresent.matchesAny(intent) {
            return (entry(.skipped), live, [])
        }
        let forceRecreate = force || MetadataSelector.force.matchesAny(intent, live)
        let merged: KubeObject
        do {
            merged = try await client.apply(intent, fieldManager: Self.fieldManager, force: true, dryRun: true)
        } catch where forceRecreate && Self.isImmutableError(error) {
            // Flux's force: an object whose change the server refuses in place is deleted and created anew.
            try await client.delete(intent.gvk, namespace: intent.namespace, name: intent.name, propagationPolicy: .background)
            try await waitUntilGone(intent, timeout: .seconds(30))
            let created = try await client.apply(intent, fieldManager: Self.fieldManager, force: true)
            return (entry(.created), created, ["recreated (immutable field changed)"])
        } catch {
            throw DryRunFailure(subject: intent.displayName, underlying: error)
        }
        let fields = redactor.masked(ObjectDrift.changes(intent: intent, merged: merged, live: live)).map(\.description)
        if fields.isEmpty { return (entry(.unchanged), live, []) }
        let result = try await client.apply(intent, fieldManager: Self.fieldManager, force: true)
        return (entry(.configured), result, fields)
    }

    /// Whether a failed dry-run apply may be cured by recreating the object, as Flux's `ssa/errors.IsImmutableError`
    /// decides: like kubectl's `apply --force`, any 422 Invalid or 409 Conflict counts (field is immutable, may not
    /// change once set, cannot change roleRef, Forbidden: updates to statefulset spec …), and so does any message
    /// matching `is\simmutable` or `immutable\sfield` (admission webhooks, CEL rules).
    static func isImmutableError(_ error: any Error) -> Bool {
        if let error = error as? KubernetesError {
            switch error {
            case .invalid, .conflict: return true
            default: break
            }
        }
        let text = "\(error)"
        return text.contains(/is\simmutable/) || text.contains(/immutable\sfield/)
    }

    /// Polls until every CRD in `crds` is `Established`, within the Kustomization's timeout.
    func waitForEstablished(_ crds: [KubeObject], object: Kustomization, context: ReconcileContext) async throws {
        guard !crds.isEmpty else { return }
        let deadline = ContinuousClock.now + Self.timeout(object)
        while true {
            var pending: [String] = []
            for crd in crds {
                let live = try await client.get(crd.gvk, namespace: nil, name: crd.name)
                if live.map(HealthStatus.of) != .current { pending.append(crd.displayName) }
            }
            if pending.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                             message: "timeout waiting for CRDs to be established: \(pending.joined(separator: ", "))")
            }
            try await Task.sleep(for: min(pollInterval, .milliseconds(500)))
        }
    }

    /// Polls until the object no longer exists.
    func waitUntilGone(_ object: KubeObject, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await client.get(object.gvk, namespace: object.namespace, name: object.name) != nil {
            guard ContinuousClock.now < deadline else { throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: "timeout waiting for \(object.displayName) to be deleted") }
            try await Task.sleep(for: .milliseconds(200))
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

    /// The inventory entries of a change set, sorted by id.
    static func inventory(_ entries: [ChangeSetEntry]) -> [ResourceRef] {
        var seen: Set<String> = []
        return entries.compactMap { entry -> ResourceRef? in
            guard seen.insert(entry.identifier.id).inserted else { return nil }
            return ResourceRef(id: entry.identifier.id, version: entry.version)
        }.sorted { $0.id < $1.id }
    }

    /// The server's own words for an API failure.
    static func serverMessage(_ error: any Error) -> String {
        if let error = error as? KubernetesError {
            switch error {
            case .invalid(let message, let causes): return causes.isEmpty ? message : "\(message) (\(causes.joined(separator: "; ")))"
            case .notFound(let message), .conflict(let message), .forbidden(let message), .unauthorized(let message), .gone(let message):
                return message
            default: return error.description
            }
        }
        return "\(error)"
    }

    /// Whether a drift-ignore target selects `object` (kind, name, namespace, group; no selector selects all).
    static func matches(_ selector: Selector?, _ object: KubeObject) -> Bool {
        guard let selector else { return true }
        if let kind = selector.kind, kind != object.kind { return false }
        if let name = selector.name, name != object.name { return false }
        if let namespace = selector.namespace, namespace != (object.namespace ?? "") { return false }
        if let group = selector.group, group != object.gvk.group { return false }
        if let version = selector.version, version != object.gvk.version { return false }
        return true
    }

    /// A JSON pointer (`/spec/replicas`) as keys.
    static func pointer(_ path: String) -> [String] {
        path.split(separator: "/").map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
    }
}
