import SluiceCore

/// `crds`: legacy OpenAPI definitions of custom resources (a map of type name to `{Schema: …}`), whose property
/// extensions add field specs: `x-kubernetes-object-ref-kind` / `-api-version` (name references),
/// `x-kubernetes-annotation`, `x-kubernetes-label-selector` and `x-kubernetes-identity` (name prefix).
enum CRDFieldSpecs {
    static func config(from documents: [JSONValue], source: String) throws(KustomizeError) -> TransformerConfig {
        var config = TransformerConfig()
        for document in documents where !document.isNull {
            guard let definitions = document.objectValue else {
                throw KustomizeError("unable to parse open API definition: expected a map of type names", file: source)
            }
            for (name, definition) in definitions {
                let properties = schema(definition)?["properties"]?.objectValue ?? JSONObject()
                guard properties["kind"] != nil, properties["apiVersion"] != nil, properties["metadata"] != nil else { continue }
                let parts = name.split(separator: ".", omittingEmptySubsequences: false)
                guard parts.count >= 3 else {
                    throw KustomizeError("`api` should be specified in dot notation: group.version.kind ('\(name)')", file: source)
                }
                var visited: Set<String> = []
                collect(typeName: name, kind: String(parts.last!), path: [], definitions: definitions, visited: &visited, into: &config)
            }
        }
        return config
    }

    /// The definition's schema (`Schema` as Go's JSON decoding matches it, case-insensitively).
    private static func schema(_ definition: JSONValue) -> JSONValue? {
        definition["Schema"] ?? definition["schema"]
    }

    private static func collect(typeName: String, kind: String, path: [String], definitions: JSONObject,
                                visited: inout Set<String>, into config: inout TransformerConfig) {
        guard let definition = definitions[typeName], visited.insert(typeName).inserted else { return }
        defer { visited.remove(typeName) }
        for (property, value) in schema(definition)?["properties"]?.objectValue ?? JSONObject() {
            let propertyPath = path + [property]
            let spec = FieldSpec(kind: kind, path: propertyPath.joined(separator: "/"))
            var added = TransformerConfig()
            if value["x-kubernetes-annotation"]?.stringValue != nil { added.commonAnnotations.append(spec) }
            if value["x-kubernetes-label-selector"]?.stringValue != nil { added.commonLabels.append(spec) }
            if value["x-kubernetes-identity"]?.stringValue != nil { added.namePrefix.append(spec) }
            if let version = value["x-kubernetes-object-ref-api-version"]?.stringValue,
               let referenced = value["x-kubernetes-object-ref-kind"]?.stringValue {
                let nameKey = value["x-kubernetes-object-ref-name-key"]?.stringValue ?? "name"
                added.nameReference.append(TransformerConfig.NameReference(
                    target: GvkSelector(version: version, kind: referenced),
                    referrers: [FieldSpec(kind: kind, path: (propertyPath + [nameKey]).joined(separator: "/"))]))
            }
            config = config.merging(added)
            if let reference = value["$ref"]?.stringValue {
                collect(typeName: reference, kind: kind, path: propertyPath, definitions: definitions, visited: &visited, into: &config)
            }
        }
    }
}
