import SluiceCore

/// Resolves legacy `vars`: reads each var's field, then replaces `$(NAME)` in the fields the varReference specs name.
enum VarResolver {
    static func resolve(_ resources: inout [Resource], vars: [KustomizeVar], config: TransformerConfig) throws(KustomizeError) {
        guard !vars.isEmpty else { return }
        var values: [String: JSONValue] = [:]
        for variable in vars {
            // The first object the var was bound to where it was declared (BuildSession.bindVars), as kustomize's
            // findVarValueFromResources.
            guard let resource = resources.first(where: { $0.referringVars.contains(variable.name) }) else {
                throw KustomizeError("var '\(variable.name)' cannot be mapped to a field in the set of known resources", file: variable.file)
            }
            guard let value = FieldPath.value(at: variable.fieldPath, in: resource.value), !value.isNull else {
                throw KustomizeError("field specified in var '\(variable.name)' (\(variable.fieldPath)) not found in corresponding resource", file: resource.source)
            }
            values[variable.name] = value
        }
        for index in resources.indices {
            var value = resources[index].value
            for spec in config.varReference where spec.applies(to: resources[index].object) {
                try FieldWalker.walk(&value, spec.segments[...], create: nil) { node throws(KustomizeError) in
                    switch node {
                    case .string(let text):
                        node = expand(text, values)
                    case .object(var map):
                        for key in map.keys { if let text = map[key]?.stringValue { map[key] = expand(text, values) } }
                        node = .object(map)
                    case .array(var items):
                        for i in items.indices { if let text = items[i].stringValue { items[i] = expand(text, values) } }
                        node = .array(items)
                    default:
                        break
                    }
                }
            }
            resources[index].object = value.objectValue ?? resources[index].object
            expandPlacedValues(&resources[index], values)
        }
    }

    /// kustomize's label and annotation transformers put one shared YAML node per pair into every field they set in
    /// an object; once the var in it is expanded where varReference reaches (`metadata/labels`, `metadata/annotations`),
    /// every copy reads expanded, even in fields varReference does not name (a StatefulSet's template, selectors).
    static func expandPlacedValues(_ resource: inout Resource, _ values: [String: JSONValue]) {
        for (key, text) in resource.placedVarTexts {
            guard case .string(let expanded) = expand(text, values), expanded != text else { continue }
            let metadata = resource.object["metadata"]
            guard metadata?["labels"]?[key]?.stringValue == expanded || metadata?["annotations"]?[key]?.stringValue == expanded else { continue }
            var value = resource.value
            replaceEntries(&value, key: key, from: text, to: expanded)
            resource.object = value.objectValue ?? resource.object
        }
    }

    private static func replaceEntries(_ node: inout JSONValue, key: String, from: String, to: String) {
        switch node {
        case .object(var map):
            for child in map.keys {
                if child == key, map[child]?.stringValue == from {
                    map[child] = .string(to)
                } else if var inner = map[child] {
                    replaceEntries(&inner, key: key, from: from, to: to)
                    map[child] = inner
                }
            }
            node = .object(map)
        case .array(var items):
            for i in items.indices { replaceEntries(&items[i], key: key, from: from, to: to) }
            node = .array(items)
        default:
            break
        }
    }

    /// Kubernetes' `$(VAR)` expansion: known vars replaced, `$$` escapes a `$`, unknown references left alone.
    /// A field that is exactly one reference takes the var's value with its type.
    static func expand(_ text: String, _ values: [String: JSONValue]) -> JSONValue {
        if text.hasPrefix("$("), text.hasSuffix(")"), let value = values[String(text.dropFirst(2).dropLast())],
           !text.dropFirst(2).dropLast().contains(")") {
            return value
        }
        var output = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count {
                if chars[i + 1] == "$" { output.append("$"); i += 2; continue }
                if chars[i + 1] == "(", let close = chars[(i + 2)...].firstIndex(of: ")") {
                    let name = String(chars[(i + 2)..<close])
                    if let value = values[name] {
                        output += Kustomization.scalarString(value) ?? JSONSerializer().string(value)
                    } else {
                        output += "$(\(name))"
                    }
                    i = close + 1
                    continue
                }
            }
            output.append(chars[i])
            i += 1
        }
        return .string(output)
    }
}
