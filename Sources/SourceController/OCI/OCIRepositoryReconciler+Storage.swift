import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension OCIRepositoryReconciler {
    /// The `storage` step: forgets `status.artifact` when the store no longer has it or its content fails its digest,
    /// so that the artifact step pulls it again (as the GitRepository reconciler's storage step).
    func reconcileStorage(_ object: inout OCIRepository, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        guard let artifact = object.status?.artifact else {
            conditions.delete(ConditionType.artifactInStorage)
            conditions.markReconciling(reason: ConditionReason.noArtifact, message: "no artifact for resource in storage")
            return .success
        }
        if let store = context.store, let digest = artifact.digest,
            try store.artifacts(kind: OCIRepository.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name)
                .contains(where: { $0.digest == digest })
        {
            do {
                _ = try store.artifactContent(digest: digest)
                conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                    message: "stored artifact for digest '\(artifact.revision)'")
                return .success
            } catch let error as StoreError {
                switch error {
                case .digestMismatch, .artifactNotFound:
                    if let raw = try? KubeObject(encoding: object) {
                        context.events.record(raw, severity: .error, reason: "ArtifactVerificationFailed",
                                              message: "failed to verify integrity of artifact: \(error)",
                                              metadata: ["revision": artifact.revision, "digest": digest])
                    }
                default:
                    throw error
                }
            }
        }
        object.status?.artifact = nil
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact, message: "building artifact: disappeared from storage")
        return .success
    }
}
