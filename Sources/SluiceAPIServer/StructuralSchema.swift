import SluiceCore

/// Defaulting and validation of custom resources against a CRD's structural `openAPIV3Schema`.
///
/// Covers what controllers and users notice: `default`, `required`, `type`,
/// `enum`, `x-kubernetes-int-or-string` and `x-kubernetes-preserve-unknown-fields`.
/// `metadata`, `apiVersion` and `kind` are the server's business and are skipped.
struct StructuralSchema: Sendable {
    let root: JSONValue

    init(_ root: JSONValue) { self.root = root }

    /// `value` with defaults filled in where fields are absent.
    func applyingDefaults(to value: JSONValue) -> JSONValue {
        Self.defaults(value, schema: root, isRoot: true)
    }

    private static func defaults(_ value: JSONValue, schema: JSONValue, isRoot: Bool = false) -> JSONValue {
        switch value {
        case .object(var object):
            if let properties = schema["properties"]?.objectValue {
                for (key, propertySchema) in properties {
                    if isRoot && (key == "metadata" || key == "apiVersion" || key == "kind") { continue }
                    if let child = object[key] {
                        object[key] = defaults(child, schema: propertySchema)
                    } else if let def = propertySchema["default"] {
                        object[key] = defaults(def, schema: propertySchema)
                    }
                }
            } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                for key in object.keys { object[key] = defaults(object[key]!, schema: additional) }
            }
            return .object(object)
        case .array(let array):
            guard let items = schema["items"] else { return value }
            return .array(array.map { defaults($0, schema: items) })
        default:
            return value
        }
    }

    /// `value` without the fields the schema does not declare (as the real server prunes), and their paths.
    func pruning(_ value: JSONValue) -> (value: JSONValue, unknown: [String]) {
        var unknown: [String] = []
        let pruned = Self.prune(value, schema: root, path: "", isRoot: true, unknown: &unknown)
        return (pruned, unknown)
    }

    private static func prune(_ value: JSONValue, schema: JSONValue, path: String, isRoot: Bool = false,
                              unknown: inout [String]) -> JSONValue
    {
        if schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true && schema["properties"] == nil
            && schema["additionalProperties"] == nil && schema["items"] == nil
        {
            return value
        }
        switch value {
        case .object(var object):
            let properties = schema["properties"]?.objectValue
            let additional = schema["additionalProperties"]
            let preserve = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
            for key in object.keys {
                if isRoot && (key == "metadata" || key == "apiVersion" || key == "kind") { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if let childSchema = properties?[key] {
                    object[key] = prune(object[key]!, schema: childSchema, path: childPath, unknown: &unknown)
                } else if let additional, additional.objectValue != nil {
                    object[key] = prune(object[key]!, schema: additional, path: childPath, unknown: &unknown)
                } else if additional?.boolValue == true || preserve {
                    continue
                } else {
                    unknown.append(childPath)
                    object[key] = nil
                }
            }
            return .object(object)
        case .array(let array):
            guard let items = schema["items"] else { return value }
            return .array(array.enumerated().map { prune($1, schema: items, path: "\(path)[\($0)]", unknown: &unknown) })
        default:
            return value
        }
    }

    /// Why `value` does not satisfy the schema; empty when it does.
    func validate(_ value: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        Self.check(value, schema: root, path: "", isRoot: true, into: &causes)
        return causes
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "\"\(s)\""
        default: return JSONSerializer().string(value)
        }
    }

    private static func check(_ value: JSONValue, schema: JSONValue, path: String, isRoot: Bool = false,
                              into causes: inout [APIError.Cause])
    {
        let field = path.isEmpty ? "<root>" : path
        if value.isNull {
            if schema["nullable"]?.boolValue == true { return }
            causes.append(.init(reason: "FieldValueTypeInvalid",
                                message: "Invalid value: \"null\": \(field) in body must be of type \(schema["type"]?.stringValue ?? "object"): \"null\"",
                                field: field))
            return
        }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true {
            switch value {
            case .int, .string: return
            case .double(let d) where d.rounded() == d: return
            default:
                causes.append(.init(reason: "FieldValueTypeInvalid",
                                    message: "Invalid value: \"\(value.typeName)\": \(field) in body must be of type integer,string: \"\(value.typeName)\"",
                                    field: field))
                return
            }
        }
        if let type = schema["type"]?.stringValue {
            let ok: Bool
            switch type {
            case "object": ok = value.objectValue != nil
            case "array": ok = value.arrayValue != nil
            case "string": ok = value.stringValue != nil
            case "boolean": ok = value.boolValue != nil
            case "integer": ok = value.intValue != nil
            case "number": ok = value.doubleValue != nil
            default: ok = true
            }
            if !ok {
                causes.append(.init(reason: "FieldValueTypeInvalid",
                                    message: "Invalid value: \"\(value.typeName)\": \(field) in body must be of type \(type): \"\(value.typeName)\"",
                                    field: field))
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            causes.append(.init(reason: "FieldValueNotSupported",
                                message: "Unsupported value: \(describe(value)): supported values: \(options.map(describe).joined(separator: ", "))",
                                field: field))
        }
        switch value {
        case .object(let object):
            for required in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                if isRoot && (required == "metadata" || required == "apiVersion" || required == "kind") { continue }
                if object[required] == nil {
                    let childPath = path.isEmpty ? required : "\(path).\(required)"
                    causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: childPath))
                }
            }
            let properties = schema["properties"]?.objectValue
            for (key, child) in object {
                if isRoot && (key == "metadata" || key == "apiVersion" || key == "kind") { continue }
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if let childSchema = properties?[key] {
                    check(child, schema: childSchema, path: childPath, into: &causes)
                } else if let additional = schema["additionalProperties"], additional.objectValue != nil {
                    check(child, schema: additional, path: childPath, into: &causes)
                }
            }
        case .array(let array):
            if let items = schema["items"] {
                for (index, element) in array.enumerated() {
                    check(element, schema: items, path: "\(path)[\(index)]", into: &causes)
                }
            }
        default:
            break
        }
    }
}
