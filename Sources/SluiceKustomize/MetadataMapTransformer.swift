import SluiceCore

/// Labels and annotations: sets key/value pairs in every map the field specs name, creating maps where allowed.
struct MetadataMapTransformer {
    var pairs: [(String, String)]
    var fieldSpecs: [FieldSpec]

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        guard !pairs.isEmpty else { return }
        for index in resources.indices {
            var value = resources[index].value
            for spec in fieldSpecs where spec.applies(to: resources[index].object) {
                do {
                    try FieldWalker.walk(&value, spec.segments[...], create: spec.create ? .mapping : nil) { node throws(KustomizeError) in
                        if node.isNull { node = .object(JSONObject()) }
                        guard case .object(var map) = node else {
                            throw KustomizeError("expected a map at '\(spec.path)', found a \(node.typeName)")
                        }
                        for (key, text) in pairs { map[key] = .string(text) }
                        node = .object(map)
                    }
                } catch {
                    throw KustomizeError("\(resources[index].currentId.display): \(error.message)", file: resources[index].source)
                }
            }
            resources[index].object = value.objectValue ?? resources[index].object
            // kustomize places one shared YAML node per pair in every field of the object, so a var expanded in one
            // of them shows in all (VarResolver.expandPlacedValues).
            for (key, text) in pairs where text.contains("$(") { resources[index].placedVarTexts.append((key, text)) }
        }
    }
}
