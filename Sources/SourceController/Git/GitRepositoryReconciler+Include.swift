import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

extension GitRepositoryReconciler {
    /// The `include` step: every included GitRepository must exist and have an artifact.
    func reconcileInclude(_ object: inout GitRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                          _ work: GitRepositoryWork) async throws -> ReconcileResult
    {
        let namespace = object.metadata.namespace ?? ""
        var included: [(include: GitRepositoryInclude, artifact: Artifact)] = []
        for include in object.spec.include ?? [] {
            let name = include.repository.name
            func unavailable(_ reason: String, _ message: String) -> ReconcileError {
                conditions.markTrue(ConditionType.includeUnavailable, reason: reason, message: message)
                return .generic(reason: reason, message: message)
            }
            guard let raw = try await context.api.get(GitRepository.gvk, namespace: namespace, name: name) else {
                throw unavailable(ConditionReason.notFound, "could not get resource for include '\(name)': not found")
            }
            guard let artifact = try raw.decode(as: GitRepository.self).status?.artifact else {
                throw unavailable(ConditionReason.noArtifact, "no artifact available for include '\(name)'")
            }
            included.append((include, artifact))
        }
        conditions.delete(ConditionType.includeUnavailable)
        work.included = included
        return .success
    }
}
