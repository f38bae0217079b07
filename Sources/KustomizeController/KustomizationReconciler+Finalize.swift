import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceApply

extension KustomizationReconciler {
    /// Applies `spec.deletionPolicy` when the Kustomization is deleted: `MirrorPrune` (the default) deletes the inventory
    /// when `spec.prune` is set, `Delete` always, `WaitForTermination` deletes and waits until the objects are gone
    /// (within the timeout), `Orphan` leaves them.
    public func finalize(_ object: Kustomization, context: ReconcileContext) async throws {
        let entries = object.status?.inventory?.entries ?? []
        guard !entries.isEmpty, !object.isSuspended else { return }
        let policy = object.spec.deletionPolicy ?? "MirrorPrune"
        switch policy {
        case "Orphan": return
        case "MirrorPrune" where !object.spec.prune: return
        default: break
        }
        let deleted = try await delete(entries, owner: object, context: context)
        recordChanges(deleted, drift: [], object: object, context: context, revision: object.status?.lastAppliedRevision)
        if policy == "WaitForTermination" {
            for entry in deleted {
                let gone = KubeObject(apiVersion: entry.identifier.group.isEmpty ? entry.version : "\(entry.identifier.group)/\(entry.version)",
                                      kind: entry.identifier.kind, name: entry.identifier.name,
                                      namespace: entry.identifier.namespace.isEmpty ? nil : entry.identifier.namespace)
                try await applier.waitUntilGone(gone, timeout: Self.timeout(object))
            }
        }
    }
}
