import SluiceAPI
import SluiceRuntime

extension HelmReleaseReconciler {
    /// The `values` step: `valuesFrom` then `values` merged in Flux's order into `work.values` with its digest; the
    /// post-renderers and the cluster-backed `lookup` prepared.
    func reconcileValues(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: HelmReleaseWork) async throws -> ReconcileResult
    {
        throw ReconcileError.generic(reason: "InitFailed", message: "the values step is not implemented yet")
    }
}
