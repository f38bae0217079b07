import SluiceAPI
import SluiceCore
import SluiceRuntime

extension GitRepositoryReconciler {
    /// The GitRepositories in the same namespace that include `changed`, when its artifact changed.
    public func dependents(of changed: KubeObject, previous: KubeObject?, among objects: [KubeObject]) -> [ObjectKey] {
        guard changed["status", "artifact"] != previous?["status", "artifact"] else { return [] }
        return objects.compactMap { object -> ObjectKey? in
            guard object.namespace == changed.namespace, case .array(let includes)? = object["spec", "include"],
                includes.contains(where: { $0["repository"]?["name"] == .string(changed.name) })
            else { return nil }
            return ObjectKey(namespace: object.namespace ?? "", name: object.name)
        }
    }
}
