import SluiceAPI
import SluiceRuntime

extension KustomizationReconciler {
    /// The `spec` step: stalls on fields Sluice cannot honour yet, rather than ignore them.
    ///
    /// (`serviceAccountName` and `kubeConfig` are honoured by the apply's client, ``applyClient(for:)``; `decryption`
    /// by the build, ``decryptor(for:_:)``, which stalls on what it cannot do: cloud KMS and Vault.)
    func reconcileSpec(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        if let field = Self.unsupportedField(object.spec) {
            throw ReconcileError.stalling(reason: ConditionReason.reconciliationFailed,
                                          message: "\(field) is not supported by Sluice's kustomize-controller yet")
        }
        return .success
    }

    /// The first field set in `spec` that Sluice does not implement, by its YAML path; none today.
    static func unsupportedField(_ spec: KustomizationSpec) -> String? {
        nil
    }
}
