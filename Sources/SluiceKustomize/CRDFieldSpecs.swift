import SluiceCore

/// `crds`: kustomize reads legacy OpenAPI definitions of custom resources for name references
/// (`x-kubernetes-object-ref-api-version` / `x-kubernetes-object-ref-kind` on properties).
enum CRDFieldSpecs {
    static func config(from documents: [JSONValue], source: String) throws(KustomizeError) -> TransformerConfig {
        var config = TransformerConfig()
        for document in documents where !document.isNull {
            guard let definitions = document.objectValue else { continue }
            for (name, definition) in definitions {
                guard let kind = name.split(separator: ".").last.map(String.init) else { continue }
                collect(definition, path: [], kind: kind, into: &config)
            }
        }
        return config
    }

    private static func collect(_ schema: JSONValue, path: [String], kind: String, into config: inout TransformerConfig) {
        for (property, child) in schema["properties"]?.objectValue ?? JSONObject() {
            let childPath = path + [property]
            if let referenced = child["x-kubernetes-object-ref-kind"]?.stringValue {
                let spec = FieldSpec(kind: kind, path: (childPath + ["name"]).joined(separator: "/"))
                config = config.merging(TransformerConfig.with(nameReference: TransformerConfig.NameReference(
                    target: GvkSelector(kind: referenced), referrers: [spec])))
            }
            collect(child, path: childPath, kind: kind, into: &config)
        }
    }
}
