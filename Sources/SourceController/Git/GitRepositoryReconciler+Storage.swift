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
        var disappeared = false
        if let artifact = object.status?.artifact {
            if try StoredArtifact.isIntact(artifact, kind: GitRepository.kind, namespace: object.metadata.namespace ?? "",
                                           name: object.metadata.name, object: try? KubeObject(encoding: object), context: context)
            {
                conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                    message: "stored artifact for revision '\(artifact.revision)'")
                return .success
            }
            object.status?.artifact = nil
            disappeared = true
        }
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact,
                                   message: disappeared ? "building artifact: disappeared from storage" : "no artifact for resource in storage")
        return .success
    }

    /// The reason of the event (a warning: severity `error`) for a stored artifact whose content fails its digest, as Flux names it.
    static let artifactVerificationFailed = StoredArtifact.verificationFailed
}
