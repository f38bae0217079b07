import Foundation
import SluiceCore

/// A patch's `target`: group, version, kind, name and namespace as anchored regular expressions, plus label and annotation selectors.
///
/// The expressions are Go's (RE2) as in kustomize, matched in linear time: they come from whoever can push to the
/// repository, and a backtracking engine would let `(a+)+$` stall the build.
struct PatchTarget {
    var group: LinearRegex?
    var version: LinearRegex?
    var kind: LinearRegex?
    var name: LinearRegex?
    var namespace: LinearRegex?
    var labelSelector: LabelSelector?
    var annotationSelector: LabelSelector?

    init(json: JSONValue, file: String) throws(KustomizeError) {
        func regex(_ key: String) throws(KustomizeError) -> LinearRegex? {
            guard let pattern = json[key].flatMap(Kustomization.scalarString), !pattern.isEmpty else { return nil }
            do { return try LinearRegex("^(?:\(pattern))$") } catch {
                throw KustomizeError("target.\(key): invalid regular expression '\(pattern)': \(error)", file: file)
            }
        }
        group = try regex("group")
        version = try regex("version")
        kind = try regex("kind")
        name = try regex("name")
        namespace = try regex("namespace")
        if let text = json["labelSelector"]?.stringValue { labelSelector = try LabelSelector(text, file: file) }
        if let text = json["annotationSelector"]?.stringValue { annotationSelector = try LabelSelector(text, file: file) }
    }

    static func matches(_ regex: LinearRegex?, _ text: String) -> Bool {
        regex?.matches(text) ?? true
    }

    /// kustomize's `ResMap.Select`: original or current namespace and name, current kind, labels, annotations.
    func selects(_ resource: Resource) -> Bool {
        let current = resource.currentId
        let original = resource.originalId
        if namespace != nil, !Self.matches(namespace, original.effectiveNamespace), !Self.matches(namespace, current.effectiveNamespace) { return false }
        if name != nil, !Self.matches(name, original.name), !Self.matches(name, current.name) { return false }
        let gvk = resource.gvk
        guard Self.matches(group, gvk.group), Self.matches(version, gvk.version), Self.matches(kind, gvk.kind) else { return false }
        if let labelSelector, !labelSelector.matches(resource.labels) { return false }
        if let annotationSelector, !annotationSelector.matches(resource.annotations) { return false }
        return true
    }
}
