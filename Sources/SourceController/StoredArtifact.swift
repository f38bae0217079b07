import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

/// The storage check every source reconciler shares (Flux's `reconcileStorage`): is the artifact in the status still
/// in the store, and does its content still hash to its digest?
enum StoredArtifact {
    /// Whether `artifact` is stored for `kind` `namespace/name` with intact content. Content failing its digest (or
    /// gone) records an `ArtifactVerificationFailed` warning on `object`; other store errors are thrown.
    static func isIntact(_ artifact: Artifact, kind: String, namespace: String, name: String, object: @autoclosure () -> KubeObject?,
                         context: ReconcileContext) throws -> Bool
    {
        guard let store = context.store, let digest = artifact.digest,
            try store.artifacts(kind: kind, namespace: namespace, name: name).contains(where: { $0.digest == digest })
        else { return false }
        do {
            // Every read verifies the digest, as the artifact server's does.
            _ = try store.artifactContent(digest: digest)
            return true
        } catch let error as StoreError {
            switch error {
            case .digestMismatch, .artifactNotFound:
                if let object = object() {
                    context.events.record(object, severity: .error, reason: verificationFailed,
                                          message: "failed to verify integrity of artifact: \(error)",
                                          metadata: ["revision": artifact.revision, "digest": digest])
                }
                return false
            default:
                throw error
            }
        }
    }

    /// The `storage` step of every source kind: `artifact` when it is stored and intact, with `ArtifactInStorage=True`
    /// (reason and message from `inStorage`, set once here so an unchanged object keeps the condition's transition
    /// time); otherwise `nil`, with `ArtifactInStorage` removed and `Reconciling` set, so the next steps build it again.
    static func verify(_ artifact: Artifact?, kind: String, namespace: String, name: String, object: @autoclosure () -> KubeObject?,
                       conditions: inout Conditions, context: ReconcileContext,
                       inStorage: (Artifact) -> (reason: String, message: String)) throws -> Artifact?
    {
        guard let artifact else {
            conditions.delete(ConditionType.artifactInStorage)
            conditions.markReconciling(reason: ConditionReason.noArtifact, message: "no artifact for resource in storage")
            return nil
        }
        if try isIntact(artifact, kind: kind, namespace: namespace, name: name, object: object(), context: context) {
            let stored = inStorage(artifact)
            conditions.markTrue(ConditionType.artifactInStorage, reason: stored.reason, message: stored.message)
            return artifact
        }
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact, message: "building artifact: disappeared from storage")
        return nil
    }

    /// The reason of the event (a warning: severity `error`) for a stored artifact whose content fails its digest, as Flux names it.
    static let verificationFailed = "ArtifactVerificationFailed"
}
