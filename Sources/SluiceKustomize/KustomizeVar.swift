import SluiceCore

/// A legacy `vars` entry: a name bound to a field of an object, substituted for `$(NAME)`.
struct KustomizeVar {
    var name: String
    var target: GvkSelector
    var objectName: String
    var objectNamespace: String
    var fieldPath: String
    /// The kustomization that declares the var.
    var file: String

    init(json: JSONValue, file: String) throws(KustomizeError) {
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw KustomizeError("vars: an entry needs a name", file: file) }
        guard let reference = json["objref"], let objectName = reference["name"]?.stringValue else {
            throw KustomizeError("vars: '\(name)' needs an objref with a name", file: file)
        }
        self.name = name
        var selector = GvkSelector(group: reference["group"]?.stringValue ?? "", version: reference["version"]?.stringValue ?? "",
                                   kind: reference["kind"]?.stringValue ?? "")
        if let apiVersion = reference["apiVersion"]?.stringValue, !apiVersion.isEmpty {
            let gvk = GroupVersionKind(apiVersion: apiVersion, kind: selector.kind)
            selector.group = gvk.group
            selector.version = gvk.version
        }
        target = selector
        self.objectName = objectName
        objectNamespace = reference["namespace"]?.stringValue ?? ""
        fieldPath = json["fieldref"]?["fieldPath"]?.stringValue ?? "metadata.name"
        self.file = file
    }

    /// Whether `id` is the object the var's objref names: kustomize's `GvknEquals` (group, version, kind and name
    /// exactly; an objref without apiVersion matches only objects without one), plus `Equals`' effective namespace
    /// when the objref names a namespace or a cluster-scoped kind.
    func names(_ id: ResId) -> Bool {
        guard id.name == objectName, id.gvk.group == target.group, id.gvk.version == target.version, id.gvk.kind == target.kind else {
            return false
        }
        let reference = ResId(gvk: GroupVersionKind(group: target.group, version: target.version, kind: target.kind), name: objectName,
                              namespace: objectNamespace)
        guard !objectNamespace.isEmpty || reference.isClusterScoped else { return true }
        return reference.isNamespaceEqual(id)
    }
}
