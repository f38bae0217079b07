import SluiceCore
import Yams

/// Reads kustomization files as kustomize does: YAML 1.1 scalars (go-yaml v2 through `sigs.k8s.io/yaml`).
///
/// Resources are read with kyaml's YAML 1.2 rules (``YAMLReader``), but the
/// kustomization itself goes through go-yaml v2, where a plain `yes`, `on` or `n`
/// is a boolean and `0123` an octal integer. Reading it the same way keeps
/// `disableNameSuffixHash: yes` true and makes `namespace: no` fail as in kustomize.
struct KustomizationYAMLReader {
    var maxNodes: Int
    var maxDepth: Int

    private struct Failure: Error {
        var message: String
    }

    /// The documents of `text`; `source` names the file in errors.
    func documents(_ text: String, source: String) throws(KustomizeError) -> [JSONValue] {
        var budget = maxNodes
        var documents: [JSONValue] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
            while let node = try parser.nextRoot() {
                documents.append(try convert(node, depth: 0, budget: &budget))
            }
        } catch let failure as Failure {
            throw KustomizeError(failure.message, file: source)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping(let keys, _) = error {
                throw KustomizeError("duplicate key '\(keys.joined(separator: ", "))'", file: source)
            }
            throw KustomizeError("invalid YAML: \(error)", file: source)
        } catch {
            throw KustomizeError("invalid YAML: \(error)", file: source)
        }
        return documents
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int) throws -> JSONValue {
        budget -= 1
        guard budget >= 0 else { throw Failure(message: "document expands to more than \(maxNodes) values (alias expansion or excessive size)") }
        guard depth <= maxDepth else { throw Failure(message: "nesting deeper than \(maxDepth) levels") }
        switch node {
        case .scalar(let scalar):
            let tag = scalar.tag.description
            if scalar.style != .plain || tag == "tag:yaml.org,2002:str" && scalar.style != .plain || tag == "!" {
                return .string(scalar.string)
            }
            return Self.resolve(scalar.string)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for element in sequence { items.append(try convert(element, depth: depth + 1, budget: &budget)) }
            return .array(items)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else { throw Failure(message: "mapping keys must be scalars") }
                if keyScalar.string == "<<", keyScalar.style == .plain {
                    for source in value.sequence.map(Array.init) ?? [value] {
                        guard case .object(let merged) = try convert(source, depth: depth + 1, budget: &budget) else { continue }
                        for member in merged where !object.contains(member.key) { object[member.key] = member.value }
                    }
                    continue
                }
                object[keyScalar.string] = try convert(value, depth: depth + 1, budget: &budget)
            }
            return .object(object)
        case .alias:
            throw Failure(message: "unresolved alias")
        }
    }

    /// go-yaml v2's resolution of a plain scalar.
    static func resolve(_ text: String) -> JSONValue {
        switch text {
        case "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE": return .bool(true)
        case "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE": return .bool(false)
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if YAMLResolver.isPlainString(text) { return .string(text) }
        // Not a string: an integer, a float or a timestamp, as YAMLReader reads them (timestamps stay strings).
        let value = YAMLReader.resolvePlain(text)
        if case .string = value, YAMLResolver.isGoInteger(text.replacingAll("_", with: "")) {
            return .int(Int64(text.replacingAll("_", with: ""), radix: 10) ?? 0)
        }
        return value
    }
}
