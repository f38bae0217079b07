import SluiceCore

/// `namePrefix` / `nameSuffix`: adds to `metadata.name` (and fields the field specs name), recording the change for name references.
struct NameAffixTransformer {
    var prefix: String
    var suffix: String
    var fieldSpecs: [FieldSpec]

    /// Kinds whose names kustomize never prefixes or suffixes.
    static let skipped = [GvkSelector(kind: "CustomResourceDefinition"), GvkSelector(group: "apiregistration.k8s.io", kind: "APIService"),
                          GvkSelector(kind: "Namespace")]

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        for index in resources.indices {
            var resource = resources[index]
            let original = resource.originalId
            if Self.skipped.contains(where: { $0.selects(original.gvk) }) { continue }
            for spec in fieldSpecs where spec.selector.selects(original.gvk) {
                if spec.path == "metadata/name" {
                    if !prefix.isEmpty { resource.prefixes.append(prefix) }
                    if !suffix.isEmpty { resource.suffixes.append(suffix) }
                    if !prefix.isEmpty || !suffix.isEmpty { resource.storePreviousId() }
                }
                var value = resource.value
                try FieldWalker.walk(&value, spec.segments[...], create: nil) { node throws(KustomizeError) in
                    guard let text = node.stringValue else { return }
                    node = .string(prefix + text + suffix)
                }
                resource.object = value.objectValue ?? resource.object
            }
            resources[index] = resource
        }
    }
}
