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

    /// The reason of the event (a warning: severity `error`) for a stored artifact whose content fails its digest, as Flux names it.
    static let verificationFailed = "ArtifactVerificationFailed"
}
