import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// The `dependencies` step (Flux's `checkDependencies`): every `dependsOn` HelmRelease must exist, have its
    /// current generation reconciled and be `Ready=True`; otherwise wait `--requeue-dependency` with Flux's
    /// `DependencyNotReady` message.
    func reconcileDependencies(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext) async throws
        -> ReconcileResult
    {
        let dependencies = object.spec.dependsOn ?? []
        guard !dependencies.isEmpty else { return .success }
        context.logger.info("checking \(dependencies.count) dependencies")
        let namespace = object.metadata.namespace ?? "default"
        for dependency in dependencies {
            let key = ObjectKey(namespace: dependency.namespace ?? namespace, name: dependency.name)
            if noCrossNamespaceRefs, key.namespace != namespace {
                throw ReconcileError.stalling(reason: "AccessDenied",
                                              message: "cross-namespace dependency '\(key)' is not allowed (--no-cross-namespace-refs)")
            }
            func notReady(_ message: String) -> ReconcileError {
                let seconds = requeueDependency.components.seconds
                context.logger.info("dependencies do not meet ready condition (\(message)): retrying in \(seconds)s")
                return .waiting(reason: ConditionReason.dependencyNotReady, message: message, retryAfter: requeueDependency)
            }
            let raw: KubeObject?
            do {
                raw = try await context.api.get(HelmRelease.gvk, namespace: key.namespace, name: key.name)
            } catch {
                throw notReady("unable to get '\(key)' dependency: \(error)")
            }
            guard let raw else {
                throw notReady("unable to get '\(key)' dependency: helmreleases.helm.toolkit.fluxcd.io \"\(key.name)\" not found")
            }
            let ready = raw["status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == ConditionType.ready }
            let observed = raw["status", "observedGeneration"]?.intValue
            guard observed == raw.generation, ready?["status"]?.stringValue == "True" else {
                throw notReady("dependency '\(key)' is not ready")
            }
        }
        context.logger.info("all dependencies are ready")
        return .success
    }

    /// The HelmReleases that depend on `changed`, when it became Ready or released anew (its latest snapshot changed).
    public func dependents(of changed: KubeObject, previous: KubeObject?, among objects: [KubeObject]) -> [ObjectKey] {
        func ready(_ object: KubeObject?) -> Bool {
            object?["status", "conditions"]?.arrayValue?.contains {
                $0["type"]?.stringValue == ConditionType.ready && $0["status"]?.stringValue == "True"
            } ?? false
        }
        func latest(_ object: KubeObject?) -> JSONValue? { object?["status", "history"]?.arrayValue?.first?["digest"] }
        guard ready(changed), !ready(previous) || latest(changed) != latest(previous) else { return [] }
        return objects.compactMap { object -> ObjectKey? in
            guard let dependencies = object["spec", "dependsOn"]?.arrayValue,
                dependencies.contains(where: {
                    $0["name"]?.stringValue == changed.name && ($0["namespace"]?.stringValue ?? object.namespace) == changed.namespace
                })
            else { return nil }
            return ObjectKey(namespace: object.namespace ?? "", name: object.name)
        }
    }
}
