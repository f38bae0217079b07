import SluiceCore

/// kustomize's check on RoleBinding subjects before it fixes name references (`getNamespacesForRoleBinding`): a
/// ServiceAccount subject that has a `namespace` key must give it a string; `namespace:` left blank fails the build.
enum RoleBindingSubjects {
    static func checkNamespaces(_ resources: [Resource]) throws(KustomizeError) {
        for resource in resources where resource.currentId.gvk.kind == "RoleBinding" {
            for subject in resource.value["subjects"]?.arrayValue ?? [] {
                guard let object = subject.objectValue, let namespace = object["namespace"],
                      object["kind"]?.stringValue == "ServiceAccount", namespace.stringValue == nil else { continue }
                throw KustomizeError("Invalid Input: namespace is blank for resource \(GoQuote.quote(resource.currentId.display))", file: resource.source)
            }
        }
    }
}
