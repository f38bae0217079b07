import SluiceCore

/// Checks on names and metadata every object gets, as the real server makes them.
enum ObjectValidation {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

    /// Causes why `name` is not a valid name for `type`.
    static func nameCauses(_ name: String, type: ResourceType) -> [APIError.Cause] {
        // RBAC objects' names are path segments (`ValidateRBACName`): `system:aggregate-to-view` is valid.
        if RBACPolicy.resourceKeys.contains(type.key) {
            let problems = (name == "." ? ["may not be '.'"] : []) + (name == ".." ? ["may not be '..'"] : [])
                + (name.contains("/") ? ["may not contain '/'"] : []) + (name.contains("%") ? ["may not contain '%'"] : [])
            return problems.map { .init(reason: "FieldValueInvalid", message: "Invalid value: \"\(name)\": \($0)", field: "metadata.name") }
        }
        let labelOnly = type.key == "/namespaces" || type.key == "/services"
        if labelOnly ? DNSName.isLabel(name) : DNSName.isSubdomain(name) { return [] }
        var message = "Invalid value: \"\(name)\": " + (labelOnly ? labelMessage : subdomainMessage)
        let bound = labelOnly ? 63 : 253
        if name.utf8.count > bound { message = "Invalid value: \"\(name)\": must be no more than \(bound) characters" }
        return [.init(reason: "FieldValueInvalid", message: message, field: "metadata.name")]
    }

    /// Fields the real server requires, per built-in resource.
    static let requiredFields: [String: [[String]]] = [
        "apps/deployments": [["spec", "selector"], ["spec", "template", "spec", "containers"]],
        "apps/replicasets": [["spec", "selector"], ["spec", "template", "spec", "containers"]],
        "apps/statefulsets": [["spec", "selector"], ["spec", "template", "spec", "containers"]],
        "apps/daemonsets": [["spec", "selector"], ["spec", "template", "spec", "containers"]],
        "batch/jobs": [["spec", "template", "spec", "containers"]],
        "batch/cronjobs": [["spec", "schedule"], ["spec", "jobTemplate", "spec", "template", "spec", "containers"]],
        "/pods": [["spec", "containers"]],
        "rbac.authorization.k8s.io/rolebindings": [["roleRef"]],
        "rbac.authorization.k8s.io/clusterrolebindings": [["roleRef"]],
    ]

    /// Causes for required fields of built-in kinds that are missing.
    static func requiredCauses(_ object: JSONValue, type: ResourceType) -> [APIError.Cause] {
        guard !type.isCustom, let fields = requiredFields[type.key] else { return [] }
        return fields.compactMap { path in
            let value = object[path: path]
            let missing = value == nil || value?.isNull == true || value?.arrayValue?.isEmpty == true
            return missing ? .init(reason: "FieldValueRequired", message: "Required value", field: path.joined(separator: ".")) : nil
        }
    }

    /// The workloads whose `spec.selector` must select their pod template's labels.
    static let selectingKinds: Set<String> = ["apps/deployments", "apps/replicasets", "apps/statefulsets", "apps/daemonsets",
                                              "/replicationcontrollers"]

    /// A cause when a workload's selector does not select its template's labels, worded as Kubernetes words it
    /// (the labels as Go's `%#v` prints a `map[string]string`).
    static func selectorCauses(_ object: JSONValue, type: ResourceType) -> [APIError.Cause] {
        guard !type.isCustom, selectingKinds.contains(type.key),
              let selector = object[path: ["spec", "selector"]], selector.objectValue != nil else { return [] }
        let labels = (object[path: ["spec", "template", "metadata", "labels"]]?.objectValue ?? JSONObject())
            .reduce(into: [String: String]()) { $0[$1.key] = $1.value.stringValue ?? "" }
        let matches = type.key == "/replicationcontrollers"
            ? LabelSelector(matching: selector.objectValue!.reduce(into: [String: String]()) { $0[$1.key] = $1.value.stringValue ?? "" })
                .matches(labels)
            : LabelSelector(structured: selector).matches(labels)
        guard !matches else { return [] }
        let printed = labels.isEmpty ? "map[string]string(nil)"
            : "map[string]string{" + labels.keys.sorted().map { "\(GoQuote.quote($0)):\(GoQuote.quote(labels[$0]!))" }.joined(separator: ", ") + "}"
        return [.init(reason: "FieldValueInvalid", message: "Invalid value: \(printed): `selector` does not match template `labels`",
                      field: "spec.template.metadata.labels")]
    }

    /// Causes why labels and annotations are malformed (values must be strings).
    static func metadataCauses(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        for field in ["labels", "annotations"] {
            guard let value = object[path: ["metadata", field]], !value.isNull else { continue }
            guard let map = value.objectValue else {
                causes.append(.init(reason: "FieldValueTypeInvalid", message: "Invalid value: must be an object", field: "metadata.\(field)"))
                continue
            }
            for (key, v) in map where v.stringValue == nil {
                causes.append(.init(reason: "FieldValueTypeInvalid", message: "Invalid value: must be a string",
                                    field: "metadata.\(field).\(key)"))
            }
        }
        return causes
    }
}
