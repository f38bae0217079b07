import Foundation
import SluiceCore

/// `replacements`: copies a field of one object into fields of others, whole or as a delimited part.
struct ReplacementTransformer {
    var replacements: [JSONValue]
    var file: String

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        for replacement in replacements {
            try apply(replacement, to: &resources)
        }
    }

    private func apply(_ replacement: JSONValue, to resources: inout [Resource]) throws(KustomizeError) {
        guard let source = replacement["source"] else { throw KustomizeError("replacements: an entry needs a source", file: file) }
        let selector = Selector(source)
        let matches = resources.filter { selector.matches($0) }
        guard matches.count == 1 else {
            throw KustomizeError("replacements: expected exactly one source object matching \(JSONSerializer().string(source)), found \(matches.count)", file: file)
        }
        let fieldPath = source["fieldPath"]?.stringValue ?? "metadata.name"
        guard var value = FieldPath.value(at: fieldPath, in: matches[0].value) else {
            throw KustomizeError("replacements: source field '\(fieldPath)' not found in \(matches[0].currentId.display)", file: file)
        }
        if let delimiter = source["options"]?["delimiter"]?.stringValue, let text = value.stringValue {
            let parts = text.components(separatedBy: delimiter)
            let index = Int(source["options"]?["index"]?.intValue ?? 0)
            guard index >= 0 && index < parts.count else {
                throw KustomizeError("replacements: options.index \(index) is out of bounds for value \(text)", file: file)
            }
            value = .string(parts[index])
        }
        for target in replacement["targets"]?.arrayValue ?? [] {
            guard let select = target["select"] else { throw KustomizeError("replacements: a target needs a select", file: file) }
            let selectors = Selector(select)
            let rejects = (target["reject"]?.arrayValue ?? []).map(Selector.init)
            let options = target["options"]
            for index in resources.indices where selectors.matches(resources[index]) && !Self.isRejected(resources[index], by: rejects) {
                var object = resources[index].value
                for path in target["fieldPaths"]?.arrayValue?.compactMap(\.stringValue) ?? ["metadata.name"] {
                    let create = options?["create"]?.boolValue == true
                    let count = try setField(value, at: FieldPath.segments(path)[...], in: &object, options: options, path: path, create: create)
                    if count == 0 { throw KustomizeError(Self.fieldRetrievalError(path, create: create), file: file) }
                }
                resources[index].object = object.objectValue ?? resources[index].object
            }
        }
    }

    /// kustomize rejects an object when a reject's identity part selects any of its identities, or when a reject's
    /// label or annotation selector matches it; each part counts on its own.
    static func isRejected(_ resource: Resource, by rejects: [Selector]) -> Bool {
        rejects.contains { reject in
            (reject.hasIdentity && reject.selectsAnyId(of: resource)) || (reject.hasMetadataSelector && reject.matchesMetadata(resource))
        }
    }

    /// A replacement's source, target or reject selector, as kustomize's replacement filter reads one: group, version,
    /// kind, name and namespace compared exactly with any identity the object has had (current or earlier, so an
    /// overlay may name a resource as a base or an intermediate overlay named it), plus label and annotation selectors.
    struct Selector {
        var json: JSONValue

        init(_ json: JSONValue) { self.json = json }

        /// Whether the selector names any part of an identity (kustomize's `!ResId.IsEmpty()`).
        var hasIdentity: Bool {
            ["group", "version", "kind", "name", "namespace"].contains { !(json[$0]?.stringValue ?? "").isEmpty }
        }

        /// Whether the selector has a label or an annotation selector.
        var hasMetadataSelector: Bool {
            !(json["labelSelector"]?.stringValue ?? "").isEmpty || !(json["annotationSelector"]?.stringValue ?? "").isEmpty
        }

        func matches(_ resource: Resource) -> Bool {
            matchesMetadata(resource) && selectsAnyId(of: resource)
        }

        /// The label and annotation selectors alone (each absent one matches).
        func matchesMetadata(_ resource: Resource) -> Bool {
            if let text = json["labelSelector"]?.stringValue, let selector = try? LabelSelector(text, file: ""), !selector.matches(resource.labels) {
                return false
            }
            if let text = json["annotationSelector"]?.stringValue, let selector = try? LabelSelector(text, file: ""),
               !selector.matches(resource.annotations) {
                return false
            }
            return true
        }

        /// kustomize's `ResId.IsSelectedBy` over every identity the object has had; earlier identities keep the
        /// current group and version, as kustomize rebuilds them from its previous-names and -kinds annotations.
        func selectsAnyId(of resource: Resource) -> Bool {
            let current = resource.gvk
            let ids = [resource.currentId] + resource.previousIds.map {
                ResId(gvk: GroupVersionKind(group: current.group, version: current.version, kind: $0.gvk.kind), name: $0.name, namespace: $0.namespace)
            }
            return ids.contains(where: selects)
        }

        private func selects(_ id: ResId) -> Bool {
            for (key, actual) in [("group", id.gvk.group), ("version", id.gvk.version), ("kind", id.gvk.kind), ("name", id.name)] {
                if let expected = json[key]?.stringValue, !expected.isEmpty, expected != actual { return false }
            }
            if let namespace = json["namespace"]?.stringValue, !namespace.isEmpty {
                let selectorGvk = GroupVersionKind(group: json["group"]?.stringValue ?? "", version: json["version"]?.stringValue ?? "",
                                                   kind: json["kind"]?.stringValue ?? "")
                guard ResId(gvk: selectorGvk, name: "", namespace: namespace).isNamespaceEqual(id) else { return false }
            }
            return true
        }
    }
}
