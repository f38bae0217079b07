import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// The `spec` step: exactly one of `chart` and `chartRef` (Flux: `invalid Chart reference`), and no field Sluice
    /// cannot honour yet. (`serviceAccountName` and `kubeConfig` are honoured by the release's client, ``releasing(_:)``.)
    func reconcileSpec(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        if (object.spec.chart == nil) == (object.spec.chartRef == nil) {
            let which = object.spec.chart == nil ? "neither spec.chart nor spec.chartRef is set" : "both spec.chart and spec.chartRef are set"
            throw ReconcileError.stalling(reason: ConditionReason.reconciliationFailed, message: "invalid Chart reference: \(which)")
        }
        if let field = Self.unsupportedField(object.spec) {
            throw ReconcileError.stalling(reason: ConditionReason.reconciliationFailed,
                                          message: "\(field) is not supported by Sluice's helm-controller yet")
        }
        return .success
    }

    /// The first field set in `spec` that Sluice does not implement, by its YAML path.
    static func unsupportedField(_ spec: HelmReleaseSpec) -> String? {
        if let kind = spec.chartRef?.kind, ![OCIRepository.kind, "HelmChart", ExternalArtifact.kind].contains(kind) { return "spec.chartRef.kind \(kind)" }
        if spec.upgrade?.preserveValues ?? false { return "spec.upgrade.preserveValues" }
        return nil
    }
}
