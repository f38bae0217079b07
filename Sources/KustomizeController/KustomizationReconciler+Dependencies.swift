import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

extension KustomizationReconciler {
    /// The `dependencies` step: every `dependsOn` must exist, be current and `Ready=True` (and, sharing this
    /// Kustomization's source, have applied the source's current revision); a cycle stalls.
    func reconcileDependencies(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext) async throws
        -> ReconcileResult
    {
        let dependencies = object.spec.dependsOn ?? []
        guard !dependencies.isEmpty else { return .success }
        let namespace = object.metadata.namespace ?? "default"
        if let cycle = try await dependencyCycle(from: ObjectKey(namespace: namespace, name: object.metadata.name), context: context) {
            let message = "dependency cycle: \(cycle.map(\.description).joined(separator: " -> "))"
            throw ReconcileError.stalling(reason: ConditionReason.dependencyNotReady, message: message)
        }
        for dependency in dependencies {
            let key = ObjectKey(namespace: dependency.namespace ?? namespace, name: dependency.name)
            func notReady(_ why: String) -> ReconcileError {
                let seconds = requeueDependency.components.seconds
                return .waiting(reason: ConditionReason.dependencyNotReady,
                                message: "dependency '\(key)' is not ready: \(why), retrying in \(seconds)s", retryAfter: requeueDependency)
            }
            if noCrossNamespaceRefs, key.namespace != namespace {
                throw ReconcileError.stalling(reason: "AccessDenied", message: "cross-namespace dependency '\(key)' is not allowed (--no-cross-namespace-refs)")
            }
            guard let raw = try await context.api.get(Kustomization.gvk, namespace: key.namespace, name: key.name) else {
                throw notReady("not found")
            }
            let other = try raw.decode(as: Kustomization.self)
            guard other.conditions.first(where: { $0.type == ConditionType.ready })?.status == .true else { throw notReady("not Ready") }
            guard other.status?.observedGeneration == raw.generation else { throw notReady("its generation is not reconciled yet") }
            if sameSource(object, other), let revision = try await sourceRevision(object, context: context),
                other.status?.lastAppliedRevision != revision
            {
                throw notReady("it has not applied revision '\(revision)' yet")
            }
        }
        context.logger.debug("all dependencies are ready")
        return .success
    }

    /// The first cycle through `dependsOn` that returns to `start`, as the keys along it.
    func dependencyCycle(from start: ObjectKey, context: ReconcileContext) async throws -> [ObjectKey]? {
        var visited: Set<ObjectKey> = []
        func visit(_ key: ObjectKey, path: [ObjectKey]) async throws -> [ObjectKey]? {
            guard let raw = try await context.api.get(Kustomization.gvk, namespace: key.namespace, name: key.name),
                let object = try? raw.decode(as: Kustomization.self)
            else { return nil }
            for dependency in object.spec.dependsOn ?? [] {
                let next = ObjectKey(namespace: dependency.namespace ?? key.namespace, name: dependency.name)
                if next == start { return path + [next] }
                guard !visited.contains(next) else { continue }
                visited.insert(next)
                if let cycle = try await visit(next, path: path + [next]) { return cycle }
            }
            return nil
        }
        return try await visit(start, path: [start])
    }

    private func sameSource(_ lhs: Kustomization, _ rhs: Kustomization) -> Bool {
        lhs.spec.sourceRef.kind == rhs.spec.sourceRef.kind && lhs.spec.sourceRef.name == rhs.spec.sourceRef.name
            && (lhs.spec.sourceRef.namespace ?? lhs.metadata.namespace) == (rhs.spec.sourceRef.namespace ?? rhs.metadata.namespace)
    }

    private func sourceRevision(_ object: Kustomization, context: ReconcileContext) async throws -> String? {
        let namespace = object.spec.sourceRef.namespace ?? object.metadata.namespace
        guard let kind = Self.sourceKind(named: object.spec.sourceRef.kind),
            let raw = try await context.api.get(kind, namespace: namespace, name: object.spec.sourceRef.name)
        else { return nil }
        return raw["status", "artifact", "revision"]?.stringValue
    }
}
