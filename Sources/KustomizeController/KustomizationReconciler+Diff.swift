import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceApply

extension KustomizationReconciler {
    /// What applying `object` now would change, without changing anything: each object that would be created, each
    /// that has drifted (compared on a server-side dry-run apply, only the fields the controller owns, after
    /// `spec.ignore`), and, with `spec.prune`, each inventory entry that would be pruned. Secret values are
    /// masked (``SecretMask``), and so is any field holding a value substituted from a Secret.
    ///
    /// - Parameters:
    ///   - localDirectory: A directory to build in place of `spec.path` in the source (as
    ///     `flux diff kustomization --path`); `nil` for the source's artifact in the store.
    /// - Throws: a ``ReconcileError`` when the source cannot be fetched or built, or the cluster refuses a dry run.
    public func diff(_ object: Kustomization, localDirectory: URL? = nil, context: ReconcileContext) async throws -> [KustomizationChange] {
        let (object, built, redactor) = try await build(object, localDirectory: localDirectory, context: context)
        var changes: [KustomizationChange] = []
        var ids: Set<String> = []
        let ignore = try Self.ignoreRules(object)
        for built in built {
            var intent = Self.labelled(built, owner: object)
            do {
                intent = try await applier.placed(intent)
                ids.insert(intent.identifier.id)
                let live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name)
                // What apply skips, diff skips (Flux's `shouldSkipDiff`).
                if MetadataSelector.applyExclusions.matchesAny(intent, live) { continue }
                guard let live else {
                    changes.append(KustomizationChange(subject: intent.displayName, action: .created))
                    continue
                }
                if MetadataSelector.ifNotPresent.matchesAny(intent) { continue }
                // As apply: ignored fields keep their live values, and the empty pointer ignores the whole object.
                let ignored = ignore.paths(for: intent)
                if ignored.contains(where: \.isEmpty) { continue }
                intent = DriftIgnore.keepingIgnored(intent, live: live, paths: ignored)
                let merged = try await client.apply(intent, fieldManager: Self.fieldManager, force: true, dryRun: true)
                // A SOPS Secret, masked, is compared by its keys alone (as `flux diff kustomization`).
                if SOPSMask.isMasked(intent), Self.dataKeys(merged) == Self.dataKeys(live) { continue }
                let fields = redactor.masked(ObjectDrift.changes(intent: intent, merged: merged, live: live))
                if !fields.isEmpty { changes.append(KustomizationChange(subject: intent.displayName, action: .drifted, fields: fields)) }
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                             message: redactor.redact("\(intent.displayName) dry-run failed: \(ResourceApplier.serverMessage(error))"))
            }
        }
        if object.spec.prune {
            for entry in object.status?.inventory?.entries ?? [] where !ids.contains(entry.id) {
                let subject = entry.identifier.map { $0.namespace.isEmpty ? "\($0.kind)/\($0.name)" : "\($0.kind)/\($0.namespace)/\($0.name)" } ?? entry.id
                changes.append(KustomizationChange(subject: subject, action: .deleted))
            }
        }
        return changes
    }

    /// The keys of an object's `data`.
    static func dataKeys(_ object: KubeObject) -> Set<String> {
        Set(object["data"]?.objectValue?.keys ?? [])
    }
}
