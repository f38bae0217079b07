import Logging
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceApply

extension KustomizationReconciler {
    /// Applies `spec.deletionPolicy` when the Kustomization is deleted: `MirrorPrune` (the default) deletes the inventory
    /// when `spec.prune` is set, `Delete` always, `WaitForTermination` deletes and waits until the objects are gone
    /// (within the timeout), `Orphan` leaves them. The deletions go through the apply's client (the tenant's account,
    /// a remote cluster); when the account to impersonate is gone, nothing is deleted and the finalizer is released
    /// all the same, as Flux does (the objects stay, logged, rather than the Kustomization never going away).
    public func finalize(_ object: Kustomization, context: ReconcileContext) async throws {
        let entries = object.status?.inventory?.entries ?? []
        guard !entries.isEmpty, !object.isSuspended else { return }
        let policy = object.spec.deletionPolicy ?? "MirrorPrune"
        switch policy {
        case "Orphan": return
        case "MirrorPrune" where !object.spec.prune: return
        default: break
        }
        let namespace = object.metadata.namespace ?? "default"
        guard try await impersonator.canImpersonate(namespace: namespace, serviceAccountName: object.spec.serviceAccountName,
                                                    kubeConfig: object.spec.kubeConfig)
        else {
            let account = impersonator.account(serviceAccountName: object.spec.serviceAccountName) ?? ""
            context.logger.error("skipping pruning, failed to find account to impersonate",
                                 metadata: ["serviceAccount": "\(namespace)/\(account)",
                                            "stale": "\(entries.compactMap(\.identifier).map { "\($0.kind)/\($0.namespace)/\($0.name)" })"])
            return
        }
        let cluster = try await applyClient(for: object)
        let deleted = try await delete(entries, owner: object, using: cluster, context: context)
        recordChanges(deleted, drift: [], object: object, context: context, revision: object.status?.lastAppliedRevision)
        if policy == "WaitForTermination" {
            for entry in deleted {
                let gone = KubeObject(apiVersion: entry.identifier.group.isEmpty ? entry.version : "\(entry.identifier.group)/\(entry.version)",
                                      kind: entry.identifier.kind, name: entry.identifier.name,
                                      namespace: entry.identifier.namespace.isEmpty ? nil : entry.identifier.namespace)
                try await ResourceApplier(client: cluster, fieldManager: Self.fieldManager).waitUntilGone(gone, timeout: Self.timeout(object))
            }
        }
    }
}
