import SluiceCore

/// `namespace`: sets `metadata.namespace` on namespaced objects and the fields the namespace field specs name.
struct NamespaceTransformer {
    var namespace: String
    var fieldSpecs: [FieldSpec]

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        guard !namespace.isEmpty else { return }
        for index in resources.indices {
            var resource = resources[index]
            if resource.object.isEmpty { continue }
            resource.storePreviousId()
            let gvk = resource.gvk
            // metadata.namespace only on namespaced kinds; metadata.name of a Namespace only for core v1 Namespaces.
            var specs = fieldSpecs.filter { $0.path != "metadata/namespace" }
            if resource.apiVersion != "v1" { specs.removeAll { $0.path == "metadata/name" } }
            if !ResId.isClusterScoped(gvk) { resource.namespace = namespace }
            if gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding" {
                specs.removeAll { $0.path == "subjects" }
                if var subjects = resource.object["subjects"]?.arrayValue {
                    for i in subjects.indices where subjects[i]["name"]?.stringValue == "default" && subjects[i].objectValue != nil {
                        subjects[i]["namespace"] = .string(namespace)
                    }
                    resource.object["subjects"] = .array(subjects)
                }
            }
            var value = resource.value
            for spec in specs where spec.applies(to: resource.object) {
                do {
                    try FieldWalker.walk(&value, spec.segments[...], create: spec.create ? .scalar : nil) { node throws(KustomizeError) in
                        if case .object = node { throw KustomizeError("namespace field specs must target scalar nodes") }
                        if case .array = node { throw KustomizeError("namespace field specs must target scalar nodes") }
                        node = .string(namespace)
                    }
                } catch {
                    throw KustomizeError("namespace transformation failed on \(resource.currentId.display) at '\(spec.path)': \(error.message)", file: resource.source)
                }
            }
            resource.object = value.objectValue ?? resource.object
            resources[index] = resource
        }
        var keys: Set<ResId.Key> = []
        for resource in resources where !keys.insert(resource.currentId.key).inserted {
            throw KustomizeError("namespace transformation produces ID conflict: \(resource.currentId.display)", file: resource.source)
        }
    }
}
