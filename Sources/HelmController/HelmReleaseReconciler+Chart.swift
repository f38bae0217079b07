import SluiceAPI
import SluiceRuntime

extension HelmReleaseReconciler {
    /// The `chart` step: the HelmChart `<ns>-<name>` made from `spec.chart` (or the `spec.chartRef` source) resolved,
    /// its artifact read from the store, its digest checked, and the chart loaded into `work.chart`.
    func reconcileChart(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: HelmReleaseWork) async throws -> ReconcileResult
    {
        throw ReconcileError.generic(reason: "ArtifactFailed", message: "the chart step is not implemented yet")
    }
}
