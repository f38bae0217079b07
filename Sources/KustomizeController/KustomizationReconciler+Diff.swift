import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

extension KustomizationReconciler {
    /// What applying `object` now would change, without changing anything: one line per drifted field or missing
    /// object (`Deployment/default/podinfo: spec.replicas 2 -> 5`), and the objects that would be pruned.
    ///
    /// - Throws: a ``ReconcileError`` when the source cannot be fetched or built.
    public func diff(_ object: Kustomization, context: ReconcileContext) async throws -> [String] {
        var object = object
        var conditions = Conditions()
        let work = KustomizationWork()
        _ = try await reconcileFetch(&object, &conditions, context, work)
        _ = try reconcileBuild(&object, &conditions, context, work)
        _ = try await reconcileSubstitute(&object, &conditions, context, work)
        var lines: [String] = []
        var ids: Set<String> = []
        let labels = Self.ownerLabels(object)
        for built in work.objects {
            var intent = built
            var ownedLabels = intent.labels
            for (key, value) in labels { ownedLabels[key] = value }
            intent.labels = ownedLabels
            for rule in object.spec.driftIgnoreRules ?? [] where Self.matches(rule.target, intent) {
                for path in rule.paths { intent[path: Self.pointer(path)] = nil }
            }
            intent = try await placed(intent)
            ids.insert(intent.identifier.id)
            if intent.annotations[FluxAnnotations.kustomizeReconcile] == "disabled" { continue }
            guard let live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name) else {
                lines.append("\(intent.displayName): missing (would be created)")
                continue
            }
            let merged = try await client.apply(intent, fieldManager: Self.fieldManager, force: true, dryRun: true)
            lines += ObjectDrift.fields(intent: intent, merged: merged, live: live).map { "\(intent.displayName): \($0)" }
        }
        if object.spec.prune {
            for entry in object.status?.inventory?.entries ?? [] where !ids.contains(entry.id) {
                lines.append("\(entry.id): would be pruned")
            }
        }
        return lines
    }
}
