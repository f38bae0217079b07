import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

extension HelmReleaseReconciler {
    /// What upgrading `object` now would change in the cluster, changing nothing: the reconciler's `chart` step (its
    /// read-only half: the HelmChart it would make must exist already) and `values` step run on a copy of the HelmRelease, the chart is rendered as the next revision (`HelmActionRunner.render`,
    /// as an upgrade when the release has history), and each rendered object is compared with the cluster on a
    /// server-side dry run, as drift is (``releaseDrift(_:release:context:)``: the same ignore rules and markers, Secret
    /// values masked). Objects of the deployed revision that are no longer rendered, and still exist, are reported as
    /// ``ReleaseDrift/Change/deleted`` (an upgrade deletes them).
    ///
    /// - Parameters:
    ///   - storage: Where the release's revisions are kept (the HelmRelease's storage namespace).
    /// - Throws: the step's ``ReconcileError`` when the chart or values cannot be had; the render's failure; a
    ///   ``ReconcileError`` when an object cannot be compared.
    public func preview(_ object: HelmRelease, storage: any ReleaseStorage, context: ReconcileContext) async throws -> [ReleaseDrift] {
        let rendered = try await renderNextRevision(object, storage: storage, context: context)
        return try await previewChanges(object, rendered: rendered, deployed: try await storage.deployed(name: rendered.name))
    }

    /// The revision the next install or upgrade of `object` would record (manifest, hooks), changing nothing: the
    /// reconciler's `chart` and `values` steps on a copy of the HelmRelease, then `HelmActionRunner.render` as the next
    /// revision in `storage` (an upgrade when the release has one). For `preview` and `helm-controller template
    /// --helmrelease`.
    ///
    /// - Throws: the step's ``ReconcileError`` when the chart or values cannot be had; the render's failure.
    public func renderNextRevision(_ object: HelmRelease, storage: any ReleaseStorage, context: ReconcileContext) async throws -> HelmReleaseRecord {
        var copy = object
        var conditions = Conditions()
        let work = HelmReleaseWork()
        // Not `reconcileChart`: it applies the HelmChart of `spec.chart` (and deletes a stale one); a preview writes
        // nothing, and reads the HelmChart that step would make.
        if let key = Self.templateKey(of: copy) {
            var status = copy.status ?? HelmReleaseStatus()
            status.helmChart = "\(key.namespace)/\(key.name)"
            copy.status = status
        }
        _ = try await loadChartArtifact(copy, context, work)
        _ = try await reconcileValues(&copy, &conditions, context, work)
        guard let chart = work.chart else {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "no chart was loaded for \(Self.previewSubject(object))")
        }
        let target = HelmReleaseTarget(object)
        let last = try await storage.last(name: target.name)
        let request = Self.actionRequest(object, target: target, chart: chart, work: work, upgrade: last != nil)
        let runner = HelmActionRunner(client: client, storage: storage, fieldManager: Self.fieldManager, pollInterval: pollInterval,
                                      logger: context.logger)
        return try await runner.render(request, isUpgrade: last != nil, revision: (last?.version ?? 0) + 1)
    }

    /// How the cluster differs from `rendered` (created or changed objects), then the objects of `deployed` no longer
    /// rendered that still exist (deleted).
    func previewChanges(_ object: HelmRelease, rendered: HelmReleaseRecord, deployed: HelmReleaseRecord?) async throws -> [ReleaseDrift] {
        let ignore = try DriftIgnore(object.spec.driftDetection?.ignore ?? [], field: "spec.driftDetection.ignore")
        let (objects, renderedRedactor) = try Self.releaseObjects(rendered)
        var redactor = renderedRedactor
        let previous = try deployed.map(Self.releaseObjects)?.0 ?? []
        // The deployed revision's Secrets too: a value it held may still be live.
        redactor.add(secretsIn: previous)
        var changes: [ReleaseDrift] = []
        var renderedIDs: Set<String> = []
        for object in objects {
            do {
                let intent = try await placedInRelease(object, namespace: rendered.namespace)
                renderedIDs.insert(intent.identifier.id)
                if let found = try await drift(of: intent, ignoring: ignore.paths(for: intent), redactor: redactor) { changes.append(found) }
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                             message: redactor.redact(Self.failureText(error, subject: object.displayName)))
            }
        }
        for object in previous {
            // A kind the cluster no longer knows has nothing left to delete.
            guard let placed = try? await placedInRelease(object, namespace: deployed?.namespace ?? rendered.namespace),
                  !renderedIDs.contains(placed.identifier.id),
                  try await client.get(placed.gvk, namespace: placed.namespace, name: placed.name) != nil
            else { continue }
            changes.append(ReleaseDrift(placed, change: .deleted))
        }
        return changes
    }
}

extension HelmReleaseReconciler {
    /// `HelmRelease namespace/name`, for messages.
    static func previewSubject(_ object: HelmRelease) -> String {
        "HelmRelease \(object.metadata.namespace ?? "default")/\(object.metadata.name)"
    }
}
