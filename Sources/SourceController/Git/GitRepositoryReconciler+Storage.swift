import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension GitRepositoryReconciler {
    /// The `storage` step: forgets `status.artifact` when the store no longer has it, so the next steps produce it again.
    func reconcileStorage(_ object: inout GitRepository, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        if let artifact = object.status?.artifact {
            let stored = try context.store?.artifacts(kind: GitRepository.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name) ?? []
            if stored.contains(where: { $0.digest == artifact.digest }) {
                conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                    message: "stored artifact for revision '\(artifact.revision)'")
                return .success
            }
            object.status?.artifact = nil
        }
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact, message: "no artifact for resource in storage")
        return .success
    }
}
