import Logging
import SluiceAPI
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime
import SluiceStore

extension GitRepositoryReconciler {
    /// On deletion: removes the object's artifacts from the store, and the Git cache of its URL when no other GitRepository uses it.
    public func finalize(_ object: GitRepository, context: ReconcileContext) async throws {
        let namespace = object.metadata.namespace ?? ""
        let removed = try context.store?.deleteArtifacts(kind: GitRepository.kind, namespace: namespace, name: object.metadata.name) ?? 0
        let others = try await context.api.list(GitRepository.gvk, namespace: nil).items.filter { other in
            other.uid != object.metadata.uid && other.deletionTimestamp == nil && other["spec", "url"] == .string(object.spec.url)
        }
        if others.isEmpty { try await git.removeCache(url: object.spec.url) }
        context.logger.info("removed artifacts", metadata: ["count": "\(removed)", "cacheKept": "\(!others.isEmpty)"])
    }
}
