import SluiceCore

/// Resolves legacy `vars`: reads each var's field, then replaces `$(NAME)` in the fields the varReference specs name.
enum VarResolver {
    static func resolve(_ resources: inout [Resource], vars: [KustomizeVar], config: TransformerConfig) throws(KustomizeError) {
        guard !vars.isEmpty else { return }
        var values: [String: JSONValue] = [:]
        for variable in vars {
            let matches = resources.indices.filter { index in
                resources[index].allIds.contains { id in
                    // kustomize's GvknEquals: group, version and kind must match exactly (an objref without
                    // apiVersion names no version, and so matches only objects without one).
                    id.name == variable.objectName && variable.target.group == id.gvk.group
                        && variable.target.version == id.gvk.version && variable.target.kind == id.gvk.kind
                        && (variable.objectNamespace.isEmpty || id.namespace == variable.objectNamespace
                            || (id.effectiveNamespace == "default" && variable.objectNamespace == "default"))
                }
            }
            guard matches.count <= 1 else {
                throw KustomizeError("found \(matches.count) resId matches for var \(variable.name) (unable to disambiguate)", file: variable.file)
            }
            guard let index = matches.first else {
                throw KustomizeError("var '\(variable.name)' cannot be mapped to a field in the set of known resources", file: variable.file)
            }
            resources[index].referringVars.append(variable.name)
            guard let value = FieldPath.value(at: variable.fieldPath, in: resources[index].value), !value.isNull else {
                throw KustomizeError("field specified in var '\(variable.name)' (\(variable.fieldPath)) not found in corresponding resource", file: resources[index].source)
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
