import SluiceCore

/// The few defaults the real server fills in that clients and `kubectl wait` rely on.
enum BuiltInDefaults {
    /// `object` with defaults for its kind (and, for custom resources, its schema's defaults).
    static func applying(to object: JSONValue, type: ResourceType) -> JSONValue {
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
        case "apps/deployments", "apps/replicasets", "apps/statefulsets":
            if object[path: ["spec", "replicas"]] == nil, object["spec"]?.objectValue != nil { object[path: ["spec", "replicas"]] = 1 }
        case "/services":
            if object[path: ["spec", "type"]] == nil, object["spec"]?.objectValue != nil { object[path: ["spec", "type"]] = "ClusterIP" }
            if object["status"] == nil { object["status"] = ["loadBalancer": .object(JSONObject())] }
            let serviceType = object[path: ["spec", "type"]]?.stringValue ?? "ClusterIP"
            if object["spec"]?.objectValue != nil, serviceType != "ExternalName", object[path: ["spec", "clusterIP"]] == nil {
                // No proxy runs; the address is only for show, as kubectl and controllers expect one.
                let ip = "10.96.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))"
                object[path: ["spec", "clusterIP"]] = .string(ip)
                object[path: ["spec", "clusterIPs"]] = [.string(ip)]
            }
        case "/pods":
            if object[path: ["status", "phase"]] == nil { object[path: ["status", "phase"]] = "Pending" }
        default:
            break
        }
        return object
    }
}
