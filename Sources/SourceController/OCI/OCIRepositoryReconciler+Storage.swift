import SluiceAPI
import SluiceCore
import SluiceRuntime

extension OCIRepositoryReconciler {
    /// The `storage` step: forgets `status.artifact` when the store no longer has it or its content fails its digest,
    /// so that the artifact step pulls it again (as the GitRepository reconciler's storage step).
    func reconcileStorage(_ object: inout OCIRepository, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        let current = object
        let kept = try StoredArtifact.verify(current.status?.artifact, kind: OCIRepository.kind, namespace: current.metadata.namespace ?? "",
                                             name: current.metadata.name, object: try? KubeObject(encoding: current),
                                             conditions: &conditions, context: context) {
            (ConditionReason.succeeded, "stored artifact for digest '\($0.revision)'")
        }
        object.status?.artifact = kept
        return .success
    }
}
