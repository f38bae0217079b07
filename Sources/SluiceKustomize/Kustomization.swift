import SluiceCore

/// A kustomization file as read: its directory, its file and its fields, with legacy fields folded in.
struct Kustomization {
    /// The root-relative directory holding the file.
    var directory: String
    /// The root-relative path of the file.
    var file: String
    var fields: JSONObject

    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    var kind: String { fields["kind"]?.stringValue ?? "Kustomization" }

    /// A string field; numbers and booleans are refused, as kustomize's Go struct decoding refuses them.
    func string(_ key: String) throws(KustomizeError) -> String? {
        try Self.string(fields[key], field: key, file: file)
    }

    /// A field of a kustomization that kustomize decodes into a Go string: `nil` when absent or null.
    static func string(_ value: JSONValue?, field: String, file: String) throws(KustomizeError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            let found = other.boolValue != nil ? "bool" : other.doubleValue != nil ? "number" : other.typeName
            throw KustomizeError("invalid Kustomization: json: cannot unmarshal \(found) into Go value '\(field)' of type string", file: file)
        }
    }

    func strings(_ key: String) throws(KustomizeError) -> [String] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw KustomizeError("'\(key)' must be a list", file: file) }
        var result: [String] = []
        for item in items {
            guard let text = try Self.string(item, field: key, file: file) else { throw KustomizeError("'\(key)' must be a list of strings", file: file) }
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
            result.append((key, try string(item, field: "\(field).\(key)", file: file) ?? ""))
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
