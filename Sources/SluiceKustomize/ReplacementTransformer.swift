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
            for index in resources.indices where selectors.matches(resources[index]) && !rejects.contains(where: { $0.matches(resources[index]) }) {
                var object = resources[index].value
                for path in target["fieldPaths"]?.arrayValue?.compactMap(\.stringValue) ?? ["metadata.name"] {
                    try set(value, at: FieldPath.segments(path)[...], in: &object, options: options, path: path)
                }
                resources[index].object = object.objectValue ?? resources[index].object
            }
        }
    }

    private func set(_ value: JSONValue, at segments: ArraySlice<String>, in node: inout JSONValue, options: JSONValue?, path: String) throws(KustomizeError) {
        guard let segment = segments.first else {
            if let delimiter = options?["delimiter"]?.stringValue, let current = node.stringValue, let text = Kustomization.scalarString(value) {
                var parts = current.components(separatedBy: delimiter)
                let index = Int(options?["index"]?.intValue ?? 0)
                if index < 0 { parts.insert(text, at: 0) } else if index >= parts.count { parts.append(text) } else { parts[index] = text }
                node = .string(parts.joined(separator: delimiter))
            } else if !node.isNull, node.objectValue == nil, node.arrayValue == nil, let text = Kustomization.scalarString(value) {
                // An existing scalar keeps its type: only its text changes (kustomize's setFieldValue).
                node = node.stringValue != nil ? .string(text) : YAMLReader.resolvePlain(text)
            } else {
                node = value
            }
            return
        }
        let create = options?["create"]?.boolValue == true
        switch node {
        case .object(var object):
            if segment == "*" { return }
            if object[segment] == nil && !create {
                throw KustomizeError("unable to find field \"\(path)\" in replacement target", file: file)
            }
            var child = object[segment] ?? (segments.count > 1 ? .object(JSONObject()) : .null)
            try set(value, at: segments.dropFirst(), in: &child, options: options, path: path)
            object[segment] = child
            node = .object(object)
        case .array(var items):
            let rest = segments.dropFirst()
            if segment == "*" {
                for i in items.indices { try set(value, at: rest, in: &items[i], options: options, path: path) }
            } else if segment.hasPrefix("[") {
                let inner = String(segment.dropFirst().dropLast())
                if let equals = inner.firstIndex(of: "=") {
                    let key = String(inner[..<equals]), expected = String(inner[inner.index(after: equals)...])
                    for i in items.indices where items[i][key].flatMap(Kustomization.scalarString) == expected {
                        try set(value, at: rest, in: &items[i], options: options, path: path)
                    }
                } else if let index = Int(inner), index >= 0, index < items.count {
                    try set(value, at: rest, in: &items[index], options: options, path: path)
                }
            } else if let index = Int(segment), index >= 0, index < items.count {
                try set(value, at: rest, in: &items[index], options: options, path: path)
            } else if !create {
                throw KustomizeError("unable to find field \"\(path)\" in replacement target", file: file)
            }
            node = .array(items)
        default:
            guard create else { throw KustomizeError("unable to find field \"\(path)\" in replacement target", file: file) }
            node = .object(JSONObject())
            try set(value, at: segments, in: &node, options: options, path: path)
        }
    }

    /// A replacement's source or target selector: group, version, kind, name, namespace (exact), label and annotation selectors.
    struct Selector {
        var json: JSONValue

        init(_ json: JSONValue) { self.json = json }

        func matches(_ resource: Resource) -> Bool {
            if let text = json["labelSelector"]?.stringValue, let selector = try? LabelSelector(text, file: ""), !selector.matches(resource.labels) {
                return false
            }
            if let text = json["annotationSelector"]?.stringValue, let selector = try? LabelSelector(text, file: ""),
               !selector.matches(resource.annotations) {
                return false
            }
            let gvk = resource.gvk
            for (key, actual) in [("group", gvk.group), ("version", gvk.version), ("kind", gvk.kind), ("name", resource.name), ("namespace", resource.namespace)] {
                if let expected = json[key]?.stringValue, !expected.isEmpty, expected != actual {
                    if key == "name", resource.originalId.name == expected { continue }
                    return false
                }
            }
            return true
        }
    }
}
