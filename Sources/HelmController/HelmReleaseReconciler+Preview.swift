import Crypto
import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

extension HelmReleaseReconciler {
    /// What upgrading `object` now would change in the cluster, changing nothing: the reconciler's `chart` and `values`
    /// steps run on a copy of the HelmRelease, the chart is rendered as the next revision (`HelmActionRunner.render`,
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
        var copy = object
        var conditions = Conditions()
        let work = HelmReleaseWork()
        _ = try await reconcileChart(&copy, &conditions, context, work)
        _ = try await reconcileValues(&copy, &conditions, context, work)
        guard let chart = work.chart else {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "no chart was loaded for \(Self.previewSubject(object))")
        }
        let name = Self.previewReleaseName(object)
        let last = try await storage.last(name: name)
        var request = HelmActionRequest(releaseName: name, namespace: object.spec.targetNamespace ?? object.metadata.namespace ?? "default",
                                        chart: chart, values: work.values)
        request.postRenderer = work.postRenderer
        request.lookup = work.lookup
        request.disableOpenAPIValidation = object.spec.upgrade?.disableOpenAPIValidation ?? false
        request.disableSchemaValidation = object.spec.upgrade?.disableSchemaValidation ?? false
        let runner = HelmActionRunner(client: client, storage: storage, fieldManager: Self.fieldManager, pollInterval: pollInterval,
                                      logger: context.logger)
        let rendered = try await runner.render(request, isUpgrade: last != nil, revision: (last?.version ?? 0) + 1)
        return try await previewChanges(object, rendered: rendered, deployed: try await storage.deployed(name: name))
    }

    /// How the cluster differs from `rendered` (created or changed objects), then the objects of `deployed` no longer
    /// rendered that still exist (deleted).
    func previewChanges(_ object: HelmRelease, rendered: HelmReleaseRecord, deployed: HelmReleaseRecord?) async throws -> [ReleaseDrift] {
        let ignore = try ReleaseDriftIgnore(object.spec.driftDetection?.ignore ?? [])
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
    /// Flux's `GetReleaseName` then `release.ShortenName`: `spec.releaseName`, else `<targetNamespace>-<name>` with a
    /// target namespace, else the name; longer than 53 characters, its first 40 characters, `-` and 12 hex digits of
    /// its SHA-256.
    static func previewReleaseName(_ object: HelmRelease) -> String {
        let name: String
        if let releaseName = object.spec.releaseName, !releaseName.isEmpty {
            name = releaseName
        } else if let target = object.spec.targetNamespace, !target.isEmpty {
            name = "\(target)-\(object.metadata.name)"
        } else {
            name = object.metadata.name
        }
        guard name.utf8.count > 53 else { return name }
        let digest = SHA256.hash(data: Data(name.utf8)).map { String(format: "%02x", $0) }.joined()
        return String(decoding: name.utf8.prefix(40), as: UTF8.self) + "-" + digest.prefix(12)
    }

    /// `HelmRelease namespace/name`, for messages.
    static func previewSubject(_ object: HelmRelease) -> String {
        "HelmRelease \(object.metadata.namespace ?? "default")/\(object.metadata.name)"
    }
}
