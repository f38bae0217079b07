import SluiceCore
import SluiceMerge

/// A kustomization's `openapi: {path: …}`: an OpenAPI v2 document that replaces the built-in Kubernetes schema
/// for strategic merges, as kustomize does (kinds it does not describe then have their lists replaced).
enum CustomOpenAPISchema {
    static func schema(from document: JSONValue, source: String) throws(KustomizeError) -> MergeSchema {
        guard let definitions = document["definitions"]?.objectValue else {
            throw KustomizeError("openapi: the schema has no 'definitions'", file: source)
        }
        var table = JSONObject()
        var resources: [JSONValue] = []
        for (name, definition) in definitions {
            table[name] = convert(definition)
            for gvk in definition["x-kubernetes-group-version-kind"]?.arrayValue ?? [] {
                let group = gvk["group"]?.stringValue ?? ""
                let version = gvk["version"]?.stringValue ?? ""
                let kind = gvk["kind"]?.stringValue ?? ""
                resources.append([
                    "apiVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "kind": .string(kind),
                    "definition": .string(name), "scope": "Namespaced",
                ])
            }
        }
        return MergeSchema(table: ["definitions": .object(table), "resources": .array(resources)])
    }

    /// One OpenAPI v2 schema in the compact table form `MergeSchema` reads.
    private static func convert(_ schema: JSONValue) -> JSONValue {
        var field = JSONObject()
        if let reference = schema["$ref"]?.stringValue {
            field["ref"] = .string(reference.hasPrefix("#/definitions/") ? String(reference.dropFirst("#/definitions/".count)) : reference)
        }
        if let type = schema["type"]?.stringValue { field["type"] = .string(type) }
        if let properties = schema["properties"]?.objectValue {
            field["properties"] = .object(JSONObject(properties.map { ($0.key, convert($0.value)) }))
        }
        if let items = schema["items"], items.objectValue != nil { field["items"] = convert(items) }
        if let values = schema["additionalProperties"], values.objectValue != nil { field["values"] = convert(values) }
        if let key = schema["x-kubernetes-patch-merge-key"]?.stringValue { field["mergeKey"] = .string(key) }
        if let strategy = schema["x-kubernetes-patch-strategy"]?.stringValue { field["strategy"] = .string(strategy) }
        // kyaml merges a list by all of its list-map keys when it has a patch strategy (PatchStrategyAndKeyList).
        if let keys = schema["x-kubernetes-list-map-keys"]?.arrayValue { field["listMapKeys"] = .array(keys.filter { $0.stringValue != nil }) }
        return .object(field)
    }
}
