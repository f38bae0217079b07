import SluiceCore

/// `replicas`: sets the replica count of the named workloads.
struct ReplicaTransformer {
    var name: String
    var count: JSONValue
    var fieldSpecs: [FieldSpec]
    var file: String

    init(json: JSONValue, fieldSpecs: [FieldSpec], file: String) throws(KustomizeError) {
        guard let name = json["name"]?.stringValue else { throw KustomizeError("replicas: an entry needs a name", file: file) }
        self.name = name
        count = json["count"].flatMap { $0.intValue.map(JSONValue.int) } ?? .int(0)
        self.fieldSpecs = fieldSpecs
        self.file = file
    }

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        var found = false
        for spec in fieldSpecs {
            for index in resources.indices {
                let selected = resources[index].allIds.contains { spec.selector.selects($0.gvk) && $0.name == name }
                guard selected else { continue }
                found = true
                var value = resources[index].value
                try FieldWalker.walk(&value, spec.segments[...], create: spec.create ? .scalar : nil) { node throws(KustomizeError) in
                    node = count
                }
                resources[index].object = value.objectValue ?? resources[index].object
            }
        }
        if !found {
            throw KustomizeError("replicas: resource with name \(name) does not match a config with the following GVK \(fieldSpecs.map { SortOrder.gvkString(GroupVersionKind(group: $0.selector.group, version: $0.selector.version, kind: $0.selector.kind)) })", file: file)
        }
    }
}
