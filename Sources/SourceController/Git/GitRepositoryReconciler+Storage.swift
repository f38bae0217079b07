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
            let stored = try context.store?.artifacts(kind: GitRepository.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name) ?? []
            if let store = context.store, let digest = artifact.digest, stored.contains(where: { $0.digest == digest }) {
                do {
                    // Every read verifies the digest, as the artifact server's does.
                    _ = try store.artifactContent(digest: digest)
                    conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                        message: "stored artifact for revision '\(artifact.revision)'")
                    return .success
                } catch let error as StoreError {
                    switch error {
                    case .digestMismatch, .artifactNotFound:
                        if let raw = try? KubeObject(encoding: object) {
                            context.events.record(raw, severity: .error, reason: Self.artifactVerificationFailed,
                                                  message: "failed to verify integrity of artifact: \(error)",
                                                  metadata: ["revision": artifact.revision, "digest": digest])
                        }
                    default:
                        throw error
                    }
                }
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
    static let artifactVerificationFailed = "ArtifactVerificationFailed"
}
