import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceApply

extension KustomizationReconciler {
    /// The `prune` step: with `spec.prune`, deletes the objects of the previous inventory the new one no longer holds —
    /// only those carrying this Kustomization's labels and not marked to be kept (``MetadataSelector/pruneExclusions``).
    func reconcilePrune(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: KustomizationWork) async throws -> ReconcileResult
    {
        guard object.spec.prune else { return .success }
        let current = Set(work.changeSet.map(\.identifier.id))
        let previousEntries = work.previousInventory
        let stale = previousEntries.filter { !current.contains($0.id) }
        guard !stale.isEmpty else { return .success }
        var deleted: [ChangeSetEntry] = []
        do {
            deleted = try await delete(stale, owner: object, using: work.cluster ?? client, context: context)
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.pruneFailed, message: "prune failed: \(ResourceApplier.serverMessage(error))")
        }
        work.changeSet += deleted
        recordChanges(deleted, drift: [], object: object, context: context, revision: work.revision)
        return .success
    }

    /// Deletes, through `client` (the apply's), the inventory entries that still carry `owner`'s labels and allow pruning;
    /// returns what was deleted.
    ///
    /// An object marked `kustomize.toolkit.fluxcd.io/prune: disabled`, `kustomize.toolkit.fluxcd.io/reconcile: disabled`
    /// or `kustomize.toolkit.fluxcd.io/ssa: Ignore` in the cluster, as a label or an annotation in any case, is kept, as
    /// fluxcd/pkg `ssa.DeleteAll` keeps it for prune and for every deletion policy.
    func delete(_ entries: [ResourceRef], owner: Kustomization, using client: KubernetesClient, context: ReconcileContext) async throws -> [ChangeSetEntry] {
        let labels = Self.ownerLabels(owner)
        var deleted: [ChangeSetEntry] = []
        // Namespaced objects first, then cluster-scoped ones (namespaces last), as Flux orders deletions.
        let ordered = entries.compactMap { entry in entry.identifier.map { (entry, $0) } }
            .sorted { lhs, rhs in (lhs.1.namespace.isEmpty ? 1 : 0, lhs.1.kind == "Namespace" ? 1 : 0) < (rhs.1.namespace.isEmpty ? 1 : 0, rhs.1.kind == "Namespace" ? 1 : 0) }
        for (entry, identifier) in ordered {
            let gvk = GroupVersionKind(group: identifier.group, version: entry.version, kind: identifier.kind)
            let namespace = identifier.namespace.isEmpty ? nil : identifier.namespace
            guard let live = try await client.get(gvk, namespace: namespace, name: identifier.name) else { continue }
            guard labels.allSatisfy({ live.labels[$0.key] == $0.value }),
                !MetadataSelector.pruneExclusions.matchesAny(live),
                live.deletionTimestamp == nil
            else { continue }
            do {
                try await client.delete(gvk, namespace: namespace, name: identifier.name, propagationPolicy: .background)
            } catch KubernetesError.notFound {
                continue
            }
            deleted.append(ChangeSetEntry(subject: live.displayName, identifier: identifier, version: entry.version, action: .deleted))
        }
        return deleted
    }
}
