import SluiceAPI
import SluiceCore
import SluiceRuntime

extension KustomizationReconciler {
    /// The Kustomizations that depend on `changed`, when it became Ready or applied a new revision.
    public func dependents(of changed: KubeObject, previous: KubeObject?, among objects: [KubeObject]) -> [ObjectKey] {
        func readyStatus(_ object: KubeObject?) -> JSONValue? {
            object?["status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == ConditionType.ready }?["status"]
        }
        let becameReady = readyStatus(changed) == .string("True")
            && (readyStatus(previous) != .string("True")
                || changed["status", "lastAppliedRevision"] != previous?["status", "lastAppliedRevision"])
        guard becameReady else { return [] }
        return objects.compactMap { object -> ObjectKey? in
            guard case .array(let dependencies)? = object["spec", "dependsOn"],
                dependencies.contains(where: {
                    $0["name"] == .string(changed.name)
                        && ($0["namespace"]?.stringValue ?? object.namespace) == changed.namespace
                })
            else { return nil }
            return ObjectKey(namespace: object.namespace ?? "", name: object.name)
        }
    }
}
