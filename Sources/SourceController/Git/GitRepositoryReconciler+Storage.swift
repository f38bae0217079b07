import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension GitRepositoryReconciler {
    /// The `storage` step: forgets `status.artifact` when the store no longer has it, or has content that no longer
    /// hashes to its digest, so that the next steps package it again (Flux's `reconcileStorage`: a missing artifact
    /// or one failing `VerifyArtifact` is removed from the status and rebuilt, with an `ArtifactVerificationFailed`
    /// warning for the latter).
    func reconcileStorage(_ object: inout GitRepository, _ conditions: inout Conditions, _ context: ReconcileContext) throws -> ReconcileResult {
        let current = object
        let kept = try StoredArtifact.verify(current.status?.artifact, kind: GitRepository.kind, namespace: current.metadata.namespace ?? "",
                                             name: current.metadata.name, object: try? KubeObject(encoding: current),
                                             conditions: &conditions, context: context) {
            (ConditionReason.succeeded, "stored artifact for revision '\($0.revision)'")
        }
        object.status?.artifact = kept
        return .success
    }
}
