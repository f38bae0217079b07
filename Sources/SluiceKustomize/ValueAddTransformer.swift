import Foundation
import SluiceCore

/// kustomize's built-in `ValueAddTransformer`: writes one value into a field of the selected objects, or inserts it
/// into a file path held there (`filePathPosition`), creating the field's parent maps as needed.
struct ValueAddTransformer {
    struct Target {
        var selector: PatchTarget?
        var fieldPath: String
        var filePathPosition: Int
    }

    var value: String
    var targets: [Target]

    /// From a plugin config and its targets (inline ones, then those of `targetFilePath`). An empty value is the
    /// name of the kustomization's directory, as in kustomize.
    init(_ plugin: BuiltinPlugin, targets json: [JSONValue], directory: String) throws(KustomizeError) {
        let source = plugin.source
        func failure(_ message: String) -> KustomizeError {
            KustomizeError("plugin \(plugin.idText) fails configuration: \(message)", file: source)
        }
        value = (try plugin.string("value") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            // The root's own directory name is not part of the build (an artifact's is arbitrary).
            guard !directory.isEmpty else { throw failure("an empty value means the kustomization directory's name, which the build root has not") }
            value = KustomizePath.baseName(directory)
        }
        guard !json.isEmpty else { throw failure("must specify at least one target") }
        targets = []
        for item in json {
            let fieldPath = try Kustomization.string(item["fieldPath"], field: "fieldPath", file: source) ?? ""
            guard !fieldPath.isEmpty else { throw failure("fieldPath cannot be empty") }
            var position = 0
            if let number = item["filePathPosition"], !number.isNull {
                guard let exact = number.intValue else { throw failure("filePathPosition must be an integer") }
                guard exact >= 0 else { throw failure("value of FilePathPosition (\(exact)) cannot be negative") }
                position = Int(clamping: exact)
            }
            let selector = try item["selector"].flatMap { value throws(KustomizeError) in value.isNull ? nil : try PatchTarget(json: value, file: source) }
            targets.append(Target(selector: selector, fieldPath: fieldPath, filePathPosition: position))
        }
    }

    func transform(_ resources: inout [Resource]) throws(KustomizeError) {
        for target in targets {
            for index in resources.indices where target.selector?.selects(resources[index]) ?? true {
                if target.fieldPath == "metadata/namespace" {
                    // kustomize runs its namespace filter here, without field specs and without an id conflict check.
                    var one = [resources[index]]
                    try NamespaceTransformer(namespace: value, fieldSpecs: []).transform(&one)
                    resources[index] = one[0]
                    continue
                }
                var node = resources[index].value
                do {
                    try Self.set(&node, at: FieldSpec.split(target.fieldPath)[...]) { old in
                        target.filePathPosition > 0 ? Self.insertPathPart(old, position: target.filePathPosition - 1, part: value) : value
                    }
                } catch {
                    throw KustomizeError("\(resources[index].currentId.display): \(error.message)", file: resources[index].source)
                }
                resources[index].object = node.objectValue ?? resources[index].object
            }
        }
    }

    /// Sets the scalar at `path`, creating maps on the way; anything but a scalar (or nothing) there is an error.
    private static func set(_ node: inout JSONValue, at path: ArraySlice<String>, value: (String) -> String) throws(KustomizeError) {
        guard let key = path.first else {
            switch node {
            case .object, .array: throw KustomizeError("wrong node kind: expected ScalarNode but got \(node.typeName)")
            default: node = .string(value(Kustomization.scalarString(node) ?? ""))
            }
            return
        }
        guard case .object(var object) = node else {
            if node.isNull {
                node = .object(JSONObject())
                try set(&node, at: path, value: value)
                return
            }
            throw KustomizeError("wrong node kind: expected MappingNode at '\(key)' but got \(node.typeName)")
        }
        var child = object[key] ?? (path.count == 1 ? .string("") : .object(JSONObject()))
        try set(&child, at: path.dropFirst(), value: value)
        object[key] = child
        node = .object(object)
    }

    /// kustomize's `InsertPathPart`: `part` inserted as the `position`th component of a `/`-separated path (an
    /// absolute path stays absolute; positions past the end append).
    static func insertPathPart(_ path: String, position: Int, part: String) -> String {
        guard !part.isEmpty else { return path }
        var parts = path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var index = min(max(position, 0), parts.count)
        if let first = parts.first, first.isEmpty, index < parts.count { index += 1 }
        parts.insert(part, at: index)
        return parts.joined(separator: "/")
    }
}
