import SluiceAPI
import SluiceRuntime

extension KustomizationReconciler {
    /// The `spec` step: stalls on fields Sluice cannot honour yet, rather than ignore them.
    ///
    /// Ignoring them would be worse than failing: `decryption` would apply SOPS-encrypted Secrets as they are.
    /// (`serviceAccountName` and `kubeConfig` are honoured by the apply's client, ``applyClient(for:)``.)
    func reconcileSpec(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        if let field = Self.unsupportedField(object.spec) {
            throw ReconcileError.stalling(reason: ConditionReason.reconciliationFailed,
                                          message: "\(field) is not supported by Sluice's kustomize-controller yet")
        }
        return .success
    }

    /// The first field set in `spec` that Sluice does not implement, by its YAML path.
    static func unsupportedField(_ spec: KustomizationSpec) -> String? {
        if spec.decryption != nil { return "spec.decryption" }
        return nil
    }
}
