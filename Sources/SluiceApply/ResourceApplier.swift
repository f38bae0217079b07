import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Server-side applies objects one at a time as Flux's `ssa` package does: each is compared with the live object
/// first (a dry-run apply limited to the fields this manager sets) so that unchanged objects are left alone and drift
/// is named; `force` recreates an object whose change the server refuses in place.
public struct ResourceApplier: Sendable {
    /// The cluster client.
    public let client: KubernetesClient
    /// The field manager of every apply.
    public let fieldManager: String
    /// What ``plan(_:force:redactor:ignoring:)`` takes back from other tools on a live object before comparing
    /// (Flux's `Override` policy); nil takes nothing.
    public var cleanup: ApplyCleanup?

    /// An applier for `fieldManager`, taking back what `cleanup` names.
    public init(client: KubernetesClient, fieldManager: String, cleanup: ApplyCleanup? = nil) {
        self.client = client
        self.fieldManager = fieldManager
        self.cleanup = cleanup
    }

    /// `object` in the namespace it is applied to: its own or `default` for a namespaced kind, none for a cluster-scoped one.
    public func placed(_ object: KubeObject) async throws -> KubeObject {
        var object = object
        let resource = try await client.mapper.mapping(for: object.gvk)
        if resource.namespaced {
            if object.namespace == nil { object.namespace = "default" }
        } else {
            object.namespace = nil
        }
        return object
    }

    /// Applies one object (already ``placed(_:)``) and says what happened, with the live object after it and the
    /// drifted fields when it was changed (a Secret's values, and any value holding one `redactor` knows, masked):
    /// ``plan(_:force:redactor:)`` then ``execute(_:)``.
    public func applyOne(_ intent: KubeObject, force: Bool, redactor: SecretRedactor) async throws -> (ChangeSetEntry, KubeObject?, [String]) {
        try await execute(plan(intent, force: force, redactor: redactor))
    }

    /// Decides what applying `intent` (already ``placed(_:)``) will do without changing anything: reads the live object
    /// and server-side dry-runs the apply (a create as much as a change, so that a refusal — a 403, an invalid field —
    /// surfaces here, as a ``DryRunFailure``, before anything is written). The one write it may make is Flux's
    /// metadata cleanup (``cleanup``), which changes who owns fields, not what they hold, and must precede the dry
    /// run so that the comparison sees what the apply will remove.
    ///
    /// - Parameters:
    ///   - ignoring: JSON pointers (as ``DriftIgnore`` tokens) excluded from drift detection and from the apply of an
    ///     object that exists, as fluxcd/pkg `ssa`'s `DriftIgnoreRules`: each keeps its live value (the empty pointer
    ///     leaves the whole object alone); an object that does not exist yet is created whole.
    public func plan(_ intent: KubeObject, force: Bool, redactor: SecretRedactor, ignoring: [[String]] = []) async throws -> ApplyPlan {
        let live: KubeObject?
        do {
            live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name)
        } catch KubernetesError.forbidden(let message) {
            // As Flux's `ApplyAll`, which goes on to the dry run whatever the read answered: a tenant refused the read
            // is refused the write too, and the dry run's refusal names the write (`dry-run failed (Forbidden)`).
            do {
                _ = try await client.apply(intent, fieldManager: fieldManager, force: true, dryRun: true)
            } catch {
                throw DryRunFailure(subject: intent.displayName, underlying: error)
            }
            throw KubernetesError.forbidden(message)
        }
        // As Flux's `shouldSkipApply`: a marker on the desired or the live object, as a label or an annotation, in any case.
        if MetadataSelector.applyExclusions.matchesAny(intent, live) {
            return ApplyPlan(intent: intent, step: .skip(live: nil))
        }
        guard let live else {
            do {
                _ = try await client.apply(intent, fieldManager: fieldManager, force: true, dryRun: true)
            } catch {
                throw DryRunFailure(subject: intent.displayName, underlying: error)
            }
            return ApplyPlan(intent: intent, step: .create)
        }
        if MetadataSelector.ifNotPresent.matchesAny(intent) {
            return ApplyPlan(intent: intent, step: .skip(live: live))
        }
        if ignoring.contains(where: \.isEmpty) { return ApplyPlan(intent: intent, step: .unchanged(live: live)) }
        let intent = DriftIgnore.keepingIgnored(intent, live: live, paths: ignoring)
        var cleaned = live
        if let cleanup, !ApplyCleanup.exclusions.matchesAny(intent, live) {
            let operations = cleanup.operations(for: cleaned, fieldManager: fieldManager)
            if !operations.isEmpty {
                do {
                    cleaned = try await client.patch(intent.gvk, namespace: intent.namespace, name: intent.name, patch: .array(operations), type: .json)
                } catch {
                    throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                                 message: "\(intent.displayName) metadata.managedFields cleanup failed: \(Self.serverMessage(error))")
                }
            }
        }
        let forceRecreate = force || MetadataSelector.force.matchesAny(intent, live)
        let merged: KubeObject
        do {
            merged = try await client.apply(intent, fieldManager: fieldManager, force: true, dryRun: true)
        } catch where forceRecreate && Self.isImmutableError(error) {
            // Flux's force: an object whose change the server refuses in place is deleted and created anew.
            return ApplyPlan(intent: intent, step: .recreate, drift: ["recreated (immutable field changed)"])
        } catch {
            throw DryRunFailure(subject: intent.displayName, underlying: error)
        }
        let fields = redactor.masked(ObjectDrift.changes(intent: intent, merged: merged, live: cleaned)).map(\.description)
        if fields.isEmpty { return ApplyPlan(intent: intent, step: .unchanged(live: cleaned)) }
        return ApplyPlan(intent: intent, step: .configure, drift: fields)
    }

    /// Does what `plan` decided; says what happened, with the live object after it and the drifted fields.
    public func execute(_ plan: ApplyPlan) async throws -> (ChangeSetEntry, KubeObject?, [String]) {
        let intent = plan.intent
        func entry(_ action: ChangeSetEntry.Action) -> ChangeSetEntry {
            ChangeSetEntry(subject: intent.displayName, identifier: intent.identifier, version: intent.gvk.version, action: action)
        }
        switch plan.step {
        case .skip(let live):
            return (entry(.skipped), live, [])
        case .unchanged(let live):
            return (entry(.unchanged), live, [])
        case .create:
            return (entry(.created), try await client.apply(intent, fieldManager: fieldManager, force: true), [])
        case .configure:
            return (entry(.configured), try await client.apply(intent, fieldManager: fieldManager, force: true), plan.drift)
        case .recreate:
            try await client.delete(intent.gvk, namespace: intent.namespace, name: intent.name, propagationPolicy: .background)
            try await waitUntilGone(intent, timeout: .seconds(30))
            return (entry(.created), try await client.apply(intent, fieldManager: fieldManager, force: true), plan.drift)
        }
    }

    /// Whether a failed dry-run apply may be cured by recreating the object, as Flux's `ssa/errors.IsImmutableError`
    /// decides: like kubectl's `apply --force`, any 422 Invalid or 409 Conflict counts (field is immutable, may not
    /// change once set, cannot change roleRef, Forbidden: updates to statefulset spec …), and so does any message
    /// matching `is\simmutable` or `immutable\sfield` (admission webhooks, CEL rules).
    public static func isImmutableError(_ error: any Error) -> Bool {
        if let error = error as? KubernetesError {
            switch error {
            case .invalid, .conflict: return true
            default: break
            }
        }
        let text = "\(error)"
        return text.contains(/is\simmutable/) || text.contains(/immutable\sfield/)
    }

    /// Polls until every CRD in `crds` is `Established`, within `timeout`.
    public func waitForEstablished(_ crds: [KubeObject], timeout: Duration, pollInterval: Duration) async throws {
        guard !crds.isEmpty else { return }
        let deadline = ContinuousClock.now + timeout
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
    public func waitUntilGone(_ object: KubeObject, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await client.get(object.gvk, namespace: object.namespace, name: object.name) != nil {
            guard ContinuousClock.now < deadline else {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: "timeout waiting for \(object.displayName) to be deleted")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The inventory entries of a change set, sorted by id.
    public static func inventory(_ entries: [ChangeSetEntry]) -> [ResourceRef] {
        var seen: Set<String> = []
        return entries.compactMap { entry -> ResourceRef? in
            guard seen.insert(entry.identifier.id).inserted else { return nil }
            return ResourceRef(id: entry.identifier.id, version: entry.version)
        }.sorted { $0.id < $1.id }
    }

    /// The server's own words for an API failure.
    public static func serverMessage(_ error: any Error) -> String {
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
}
