import SluiceCore

/// The defaults the real server fills in on create and update, per kind (workloads, pods, services, policies in their
/// own files), and custom resources' schema defaults.
enum BuiltInDefaults {
    /// `object` with defaults for its kind (and, for custom resources, its schema's defaults); `services` are the
    /// services stored already, whose cluster IPs and node ports a new service must not take.
    static func applying(to object: JSONValue, type: ResourceType, services: some Sequence<JSONValue> = [JSONValue]()) -> JSONValue {
        var object = object
        if type.isCustom {
            if let schema = type.schemas[type.storageVersion] {
                let structural = StructuralSchema(schema)
                object = structural.applyingDefaults(to: structural.pruning(object).value)
            }
            return object
        }
        switch type.key {
        case "/namespaces":
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            object[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
            if object[path: ["spec", "finalizers"]] == nil { object[path: ["spec", "finalizers"]] = ["kubernetes"] }
            if object[path: ["status", "phase"]] == nil { object[path: ["status", "phase"]] = "Active" }
        case "/secrets":
            // `stringData` is write-only: the API server folds it into `data` (it wins over the same key there).
            object = ImmutableFields.secretData(object)
            if object["type"] == nil { object["type"] = "Opaque" }
        case "/services":
            ServiceDefaults.apply(&object, others: services)
        case "/pods":
            object.updateObject(["spec"]) { PodSpecDefaults.apply(&$0) }
            object.updateObject(["spec"]) { $0.setDefault(["enableServiceLinks"], true) }
            if object[path: ["status", "phase"]] == nil { object[path: ["status", "phase"]] = "Pending" }
        default:
            WorkloadDefaults.apply(&object, key: type.key)
            PolicyDefaults.apply(&object, key: type.key)
        }
        return object
    }
}
