import SluiceAPI
import SluiceCore
import SluiceRuntime

extension OCIRepositoryReconciler {
    /// The `storage` step: forgets `status.artifact` when the store no longer has it or its content fails its digest,
    /// so that the artifact step pulls it again (as the GitRepository reconciler's storage step).
    func reconcileStorage(_ object: inout OCIRepository, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        guard let artifact = object.status?.artifact else {
            conditions.delete(ConditionType.artifactInStorage)
            conditions.markReconciling(reason: ConditionReason.noArtifact, message: "no artifact for resource in storage")
            return .success
        }
        if try StoredArtifact.isIntact(artifact, kind: OCIRepository.kind, namespace: object.metadata.namespace ?? "",
                                       name: object.metadata.name, object: try? KubeObject(encoding: object), context: context)
        {
            conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                message: "stored artifact for digest '\(artifact.revision)'")
            return .success
        }
        object.status?.artifact = nil
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact, message: "building artifact: disappeared from storage")
        return .success
    }
}
