import SluiceAPI
import SluiceCore
import SluiceRuntime

extension HelmReleaseReconciler {
    /// Flux's reason for values that cannot be composed.
    static let valuesErrorReason = "ValuesError"

    /// The `values` step: `valuesFrom` then `values` merged in Flux's order into `work.values` with its digest; the
    /// post-renderers and the cluster-backed `lookup` prepared.
    func reconcileValues(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: HelmReleaseWork) async throws -> ReconcileResult
    {
        let composer = HelmValuesComposer(api: context.api, namespace: object.metadata.namespace ?? "default", logger: context.logger)
        let values: JSONObject
        do {
            values = try await composer.compose(values: object.spec.values, references: object.spec.valuesFrom ?? [])
        } catch {
            // Flux marks Ready=False with ValuesError and retries with back-off: the reference may yet appear.
            throw ReconcileError.generic(reason: Self.valuesErrorReason, message: "\(error)")
        }
        work.values = values
        work.valuesDigest = HelmValuesDigest.digest(values)
        work.postRenderer = HelmReleasePostRendering.renderer(for: object, logger: context.logger)
        work.postRenderersDigest = HelmReleasePostRendering.digest(object.spec.postRenderers)
        work.lookup = ClusterHelmLookup(client: client)
        return .success
    }
}
