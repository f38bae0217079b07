import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Renders a HelmRelease as the controller would install or upgrade it, without installing: the reconciler's `chart`
/// and `values` steps (the chart artifact from the store, digest checked; `valuesFrom` and `values` merged; the
/// post-renderers), then Helm's render through ``HelmActionRunner/render(_:isUpgrade:revision:)`` over a storage that
/// refuses writes.
///
/// The `chart` step is the controller's own: it makes the HelmChart for `spec.chart` when it is missing, as the
/// controller would on its next reconcile; it installs nothing and records no revision.
struct HelmReleaseTemplate {
    /// The reconciler whose steps load the chart and values.
    var reconciler: HelmReleaseReconciler
    /// The context the steps run in (events go nowhere: a preview is not an event).
    var context: ReconcileContext

    /// The release revision the next install or upgrade of `object` would record (manifest and hooks).
    ///
    /// - Throws: the step's ``ReconcileError`` (a missing chart source, values that are not a map, …) or the render's
    ///   ``HelmActionError``, each with the message the controller would put in its conditions.
    func render(_ object: HelmRelease) async throws -> HelmReleaseRecord {
        var object = object
        var conditions = Conditions(object.conditions, generation: object.metadata.generation)
        let work = HelmReleaseWork()
        _ = try await reconciler.reconcileChart(&object, &conditions, context, work)
        _ = try await reconciler.reconcileValues(&object, &conditions, context, work)
        guard let chart = work.chart else {
            throw HelmActionError("HelmRelease \(object.metadata.namespace ?? "")/\(object.metadata.name): the chart step loaded no chart")
        }
        var request = HelmActionRequest(releaseName: Self.releaseName(of: object), namespace: Self.releaseNamespace(of: object),
                                        chart: chart, values: work.values)
        let latest = object.status?.history?.first
        let isUpgrade = latest != nil
        request.disableSchemaValidation = (isUpgrade ? object.spec.upgrade?.disableSchemaValidation : object.spec.install?.disableSchemaValidation) ?? false
        request.disableOpenAPIValidation = (isUpgrade ? object.spec.upgrade?.disableOpenAPIValidation : object.spec.install?.disableOpenAPIValidation) ?? false
        request.postRenderer = work.postRenderer
        request.lookup = work.lookup
        let storageNamespace = object.status?.storageNamespace ?? object.spec.storageNamespace ?? object.metadata.namespace ?? ""
        let runner = HelmActionRunner(client: reconciler.client, storage: RenderOnlyReleaseStorage(namespace: storageNamespace),
                                      fieldManager: HelmReleaseReconciler.fieldManager, logger: context.logger)
        return try await runner.render(request, isUpgrade: isUpgrade, revision: (latest?.version ?? 0) + 1)
    }

    /// Flux's release name: `spec.releaseName`, else `<targetNamespace>-<name>` with a target namespace, else the name;
    /// over 53 characters, its first 40, `-` and 12 hex digits of its SHA-256 (Flux's `ShortenName`).
    static func releaseName(of object: HelmRelease) -> String {
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

    /// The namespace the release's objects go to: `spec.targetNamespace`, else the HelmRelease's.
    static func releaseNamespace(of object: HelmRelease) -> String {
        if let target = object.spec.targetNamespace, !target.isEmpty { return target }
        return object.metadata.namespace ?? ""
    }
}
