import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

/// The `storage` step shared by the Helm kinds (Flux's `reconcileStorage`): is `status.artifact` still in the store,
/// with content that hashes to its digest?
enum StoredArtifactCheck {
    /// The artifact when it is stored and intact (and `ArtifactInStorage=True`); otherwise `nil`, with `Reconciling`
    /// set and, for damaged content, an `ArtifactVerificationFailed` warning.
    ///
    /// - Parameters:
    ///   - artifact: `status.artifact`.
    ///   - raw: The object, for events.
    ///   - inStorage: `ArtifactInStorage`'s reason and message for a kept artifact, when the kind has its own (a
    ///     HelmChart's build summary). Set once here, so an unchanged object keeps the condition's transition time.
    static func verify(_ artifact: Artifact?, kind: String, raw: KubeObject, conditions: inout Conditions,
                       context: ReconcileContext, inStorage: ((Artifact) -> (reason: String, message: String))? = nil) throws -> Artifact?
    {
        var disappeared = false
        if let artifact {
            let stored = try context.store?.artifacts(kind: kind, namespace: raw.namespace ?? "", name: raw.name) ?? []
            if let store = context.store, let digest = artifact.digest, stored.contains(where: { $0.digest == digest }) {
                do {
                    _ = try store.artifactContent(digest: digest)
                    let stored = inStorage?(artifact) ?? (reason: ConditionReason.succeeded, message: "stored artifact: revision '\(artifact.revision)'")
                    conditions.markTrue(ConditionType.artifactInStorage, reason: stored.reason, message: stored.message)
                    return artifact
                } catch let error as StoreError {
                    switch error {
                    case .digestMismatch, .artifactNotFound:
                        context.events.record(raw, severity: .error, reason: GitRepositoryReconciler.artifactVerificationFailed,
                                              message: "failed to verify integrity of artifact: \(error)",
                                              metadata: ["revision": artifact.revision, "digest": digest])
                    default:
                        throw error
                    }
                }
            }
            disappeared = true
        }
        conditions.delete(ConditionType.artifactInStorage)
        conditions.markReconciling(reason: ConditionReason.noArtifact,
                                   message: disappeared ? "building artifact: disappeared from storage" : "no artifact for resource in storage")
        return nil
    }
}
