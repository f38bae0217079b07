import SluiceCore

/// A kustomization file as read: its directory, its file and its fields, with legacy fields folded in.
struct Kustomization {
    /// The root-relative directory holding the file.
    var directory: String
    /// The root-relative path of the file.
    var file: String
    var fields: JSONObject

    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    static let knownFields: Set<String> = [
        "apiVersion", "kind", "metadata", "resources", "bases", "components", "crds", "openapi", "configurations",
        "generators", "transformers", "validators", "namespace", "namePrefix", "nameSuffix", "commonLabels", "labels",
        "commonAnnotations", "images", "replicas", "patches", "patchesStrategicMerge", "patchesJson6902",
        "configMapGenerator", "secretGenerator", "generatorOptions", "vars", "replacements", "buildMetadata",
        "sortOptions", "helmCharts", "helmGlobals", "helmChartInflationGenerator", "imageTags",
    ]

    var kind: String { fields["kind"]?.stringValue ?? "Kustomization" }

    func string(_ key: String) -> String? {
        switch fields[key] {
        case .string(let text)?: return text
        case .int(let number)?: return String(number)
        case .double(let number)?: return GoNumberFormat.yamlFloat(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }

    func strings(_ key: String) throws(KustomizeError) -> [String] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw KustomizeError("'\(key)' must be a list", file: file) }
        var result: [String] = []
        for item in items {
            guard let text = Self.scalarString(item) else { throw KustomizeError("'\(key)' must be a list of strings", file: file) }
            result.append(text)
        }
        return result
    }

    func list(_ key: String) throws(KustomizeError) -> [JSONValue] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw KustomizeError("'\(key)' must be a list", file: file) }
        return items
    }

    func stringMap(_ key: String) throws(KustomizeError) -> [(String, String)] {
        try Self.stringMap(fields[key], field: key, file: file)
    }

    static func stringMap(_ value: JSONValue?, field: String, file: String) throws(KustomizeError) -> [(String, String)] {
        guard let value, !value.isNull else { return [] }
        guard let object = value.objectValue else { throw KustomizeError("'\(field)' must be a map of strings", file: file) }
        var result: [(String, String)] = []
        for (key, item) in object {
            guard let text = scalarString(item) else { throw KustomizeError("'\(field).\(key)' must be a string", file: file) }
            result.append((key, text))
        }
        return result
    }

    /// A scalar as the string kustomize's Go structs would hold.
    static func scalarString(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .int(let number): return String(number)
        case .double(let number): return GoNumberFormat.yamlFloat(number)
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }
}
