import SluiceCore

/// `namespace`: sets `metadata.namespace` on namespaced objects and the fields the namespace field specs name.
struct NamespaceTransformer {
    var namespace: String
    var fieldSpecs: [FieldSpec]
    /// Only fill namespaces that are unset or empty (the built-in plugin's `unsetOnly`).
    var unsetOnly = false
    /// Which subjects of (Cluster)RoleBindings get the namespace (the built-in plugin's `setRoleBindingSubjects`).
    var subjects = SubjectMode.defaultOnly

    /// kustomize's `RoleBindingSubjectMode`.
    enum SubjectMode: String {
        /// Subjects named `default`, as the `namespace` field does.
        case defaultOnly
        /// Every ServiceAccount subject.
        case allServiceAccounts
        /// None.
        case none
    }

    init(namespace: String, fieldSpecs: [FieldSpec]) {
        self.namespace = namespace
        self.fieldSpecs = fieldSpecs
    }

    /// Whether a namespace field may be written: always, or under `unsetOnly` only when it holds nothing.
    private func mayWrite(_ node: JSONValue?) -> Bool {
        guard unsetOnly, let node else { return true }
        if node.isNull { return true }
        return node.stringValue?.isEmpty ?? false
    }

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
            if !ResId.isClusterScoped(gvk), mayWrite(resource.object["metadata"]?["namespace"]) { resource.namespace = namespace }
            if gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding" {
                // As kustomize: subject namespaces are the subjects mode's business, so RoleBinding-kind specs for them
                // are dropped; any other spec stays (one pointing at the `subjects` list itself is an error).
                specs.removeAll { ($0.selector.kind == "RoleBinding" || $0.selector.kind == "ClusterRoleBinding") && $0.path == "subjects/namespace" }
                if var subjects = resource.object["subjects"]?.arrayValue {
                    for i in subjects.indices where subjects[i].objectValue != nil && mayWrite(subjects[i]["namespace"]) {
                        switch self.subjects {
                        case .defaultOnly where subjects[i]["name"]?.stringValue == "default",
                             .allServiceAccounts where subjects[i]["kind"]?.stringValue == "ServiceAccount":
                            subjects[i]["namespace"] = .string(namespace)
                        default:
                            break
                        }
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
                        if mayWrite(node) { node = .string(namespace) }
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
