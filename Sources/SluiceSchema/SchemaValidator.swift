import SluiceCore

/// One walk of an object against its schema, collecting violations with Kubernetes' field paths and wording.
///
/// Hostile input is bounded: nesting deeper than ``maxDepth``, more than ``maxNodes`` values or chains of more than
/// ``maxReferences`` `$ref`s stop the walk with a violation; it never traps and never recurses without consuming input.
struct SchemaValidator {
    /// The deepest nesting of values checked.
    static let maxDepth = 128
    /// The most values checked in one object.
    static let maxNodes = 500_000
    /// The most violations reported (more are summarised in one).
    static let maxViolations = 100
    /// The longest chain of `$ref`s followed without reaching a schema that is not a reference.
    static let maxReferences = 32
    /// The prefix of a reference into the catalog's definitions.
    static let referencePrefix = "#/definitions/"

    let catalog: SchemaCatalog
    /// Whether the schema is a CRD's: an object schema with no properties then holds no unknown fields (its fields
    /// are pruned, and strict validation reports them), whereas a built-in one (RawExtension, FieldsV1) holds anything.
    let custom: Bool
    private(set) var violations: [SchemaViolation] = []
    private var nodes = 0
    private var stopped = false

    init(catalog: SchemaCatalog, custom: Bool) {
        self.catalog = catalog
        self.custom = custom
    }

    /// Checks a whole object: its schema, with `apiVersion`, `kind` and `metadata` (as ObjectMeta) always allowed.
    mutating func validateObject(_ object: JSONValue, schema: JSONValue) {
        validate(object, schema: schema, path: FieldPath(), depth: 0, root: true)
    }

    // MARK: - The walk

    private mutating func validate(_ value: JSONValue, schema rawSchema: JSONValue, path: FieldPath, depth: Int, root: Bool = false) {
        guard !stopped else { return }
        nodes += 1
        guard nodes <= Self.maxNodes else {
            stop(path, "the object has more than \(Self.maxNodes) values")
            return
        }
        guard depth <= Self.maxDepth else {
            stop(path, "the object is nested more than \(Self.maxDepth) levels deep")
            return
        }
        guard let schema = resolve(rawSchema, path: path) else { return }
        // null stands for an absent field: Kubernetes drops it (or decodes it as the zero value).
        if value.isNull { return }
        if schema["x-kubernetes-int-or-string"]?.boolValue == true {
            if value.stringValue == nil && value.intValue == nil {
                typeMismatch(value, path: path, expected: "integer or string")
            }
            return
        }
        if let alternatives = schema["oneOf"]?.arrayValue ?? schema["anyOf"]?.arrayValue, schema["type"] == nil,
           schema["properties"] == nil
        {
            let types = alternatives.compactMap { resolve($0, path: path)?["type"]?.stringValue }
            if types.count == alternatives.count, !types.isEmpty {
                if !types.contains(where: { matches(value, type: $0) }) {
                    typeMismatch(value, path: path, expected: types.joined(separator: " or "))
                }
                return
            }
        }
        if let type = schema["type"]?.stringValue {
            guard matches(value, type: type) else {
                typeMismatch(value, path: path, expected: type)
                return
            }
        }
        checkEnumeration(value, schema: schema, path: path)
        switch value {
        case .object(let members):
            validateMembers(members, schema: schema, path: path, depth: depth, root: root)
        case .array(let elements):
            checkCount(elements.count, schema: schema, path: path, noun: "items")
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    validate(element, schema: items, path: path.index(index), depth: depth + 1)
                    if stopped { return }
                }
            }
        case .string(let text):
            checkString(text, schema: schema, path: path)
        case .int, .double:
            checkNumber(value, schema: schema, path: path)
        case .bool, .null:
            break
        }
    }

    private mutating func validateMembers(_ members: JSONObject, schema: JSONValue, path: FieldPath, depth: Int, root: Bool) {
        let properties = schema["properties"]?.objectValue
        let embedded = root || schema["x-kubernetes-embedded-resource"]?.boolValue == true
        let preservesUnknown = schema["x-kubernetes-preserve-unknown-fields"]?.boolValue == true
        let additional = schema["additionalProperties"]
        // An object schema that says nothing of its fields: free-form in a built-in definition, empty in a CRD.
        let freeForm = properties == nil && additional == nil && !custom
        if let required = schema["required"]?.arrayValue {
            for name in required.compactMap(\.stringValue) where members[name] == nil || members[name]?.isNull == true {
                report(path.child(name), .required, "Required value")
            }
        }
        if embedded, !root {
            // An embedded resource (x-kubernetes-embedded-resource) must say what it is.
            for name in ["apiVersion", "kind"] where members[name]?.stringValue?.isEmpty ?? true {
                report(path.child(name), .required, "Required value")
            }
        }
        checkCount(members.count, schema: schema, path: path, noun: "properties")
        for (name, value) in members {
            if stopped { return }
            if let property = properties?[name] {
                if embedded, name == "metadata", custom, let objectMeta = catalog.definitions[Self.objectMeta] {
                    // A CRD's metadata is always ObjectMeta (Kubernetes ignores what the CRD's schema says of it).
                    validate(value, schema: objectMeta, path: path.child(name), depth: depth + 1)
                } else {
                    validate(value, schema: property, path: path.child(name), depth: depth + 1)
                }
                continue
            }
            if embedded, ["apiVersion", "kind", "metadata"].contains(name) {
                if name == "metadata", let objectMeta = catalog.definitions[Self.objectMeta] {
                    validate(value, schema: objectMeta, path: path.child(name), depth: depth + 1)
                } else if name != "metadata", value.stringValue == nil, !value.isNull {
                    typeMismatch(value, path: path.child(name), expected: "string")
                }
                continue
            }
            if let additional, additional.objectValue != nil {
                validate(value, schema: additional, path: path.key(name), depth: depth + 1)
                continue
            }
            if additional?.boolValue == true || preservesUnknown || freeForm { continue }
            let field = path.child(name).description
            report(field, .unknownField, "unknown field \"\(field)\"")
        }
    }

    /// The definition every object's `metadata` is checked against.
    static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

    /// A schema with its `$ref` (and a single-element `allOf` holding one, as Kubernetes' v3 documents write it) followed.
    private mutating func resolve(_ schema: JSONValue, path: FieldPath) -> JSONValue? {
        var current = schema
        for _ in 0..<Self.maxReferences {
            if let reference = current["$ref"]?.stringValue {
                guard reference.hasPrefix(Self.referencePrefix),
                      let target = catalog.definitions[String(reference.dropFirst(Self.referencePrefix.count))]
                else {
                    // An unknown reference says nothing; the field is accepted rather than blamed on the object.
                    return nil
                }
                current = target
                continue
            }
            if let all = current["allOf"]?.arrayValue, all.count == 1, current["properties"] == nil, current["type"] == nil {
                current = all[0]
                continue
            }
            return current
        }
        stop(path, "the schema's references nest more than \(Self.maxReferences) deep")
        return nil
    }

    // MARK: - Rules

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch type {
        case "object": return value.objectValue != nil
        case "array": return value.arrayValue != nil
        case "string": return value.stringValue != nil
        case "boolean": return value.boolValue != nil
        case "integer": return value.intValue != nil
        case "number": return value.doubleValue != nil
        default: return true
        }
    }

    private mutating func typeMismatch(_ value: JSONValue, path: FieldPath, expected: String) {
        let field = path.description
        report(field, .type, "Invalid value: \"\(value.typeName)\": \(field) in body must be of type \(expected): \"\(value.typeName)\"")
    }

    private mutating func checkEnumeration(_ value: JSONValue, schema: JSONValue, path: FieldPath) {
        guard let allowed = schema["enum"]?.arrayValue, !allowed.isEmpty, !allowed.contains(value) else { return }
        let list = allowed.map(Self.quoted).joined(separator: ", ")
        report(path.description, .enumeration, "Unsupported value: \(Self.quoted(value)): supported values: \(list)")
    }

    private mutating func checkString(_ text: String, schema: JSONValue, path: FieldPath) {
        let field = path.description
        let length = text.unicodeScalars.count
        if let minimum = schema["minLength"]?.intValue, length < minimum {
            report(field, .value, "Invalid value: \(Self.quoted(.string(text))): \(field) in body should be at least \(minimum) chars long")
        }
        if let maximum = schema["maxLength"]?.intValue, length > maximum {
            report(field, .value, "Too long: may not be more than \(maximum) bytes")
        }
        if custom, let pattern = schema["pattern"]?.stringValue, let regex = catalog.patterns[pattern], !regex.matches(text) {
            report(field, .value, "Invalid value: \(Self.quoted(.string(text))): \(field) in body should match '\(pattern)'")
        }
        if let format = schema["format"]?.stringValue, let problem = SchemaFormat.problem(with: text, format: format) {
            report(field, .value, "Invalid value: \(Self.quoted(.string(text))): \(field) in body must be of type \(format): \(problem)")
        }
    }

    private mutating func checkNumber(_ value: JSONValue, schema: JSONValue, path: FieldPath) {
        let field = path.description
        if let format = schema["format"]?.stringValue, format == "int32", let number = value.intValue,
           number < Int64(Int32.min) || number > Int64(Int32.max)
        {
            report(field, .value, "Invalid value: \(number): \(field) in body must be of type int32: \"\(number)\"")
        }
        guard let number = value.doubleValue else { return }
        let exclusiveMinimum = schema["exclusiveMinimum"]?.boolValue == true
        let exclusiveMaximum = schema["exclusiveMaximum"]?.boolValue == true
        if let minimum = schema["minimum"]?.doubleValue, exclusiveMinimum ? number <= minimum : number < minimum {
            let relation = exclusiveMinimum ? "greater than" : "greater than or equal to"
            report(field, .value, "Invalid value: \(Self.quoted(value)): \(field) in body should be \(relation) \(Self.quoted(schema["minimum"]!))")
        }
        if let maximum = schema["maximum"]?.doubleValue, exclusiveMaximum ? number >= maximum : number > maximum {
            let relation = exclusiveMaximum ? "less than" : "less than or equal to"
            report(field, .value, "Invalid value: \(Self.quoted(value)): \(field) in body should be \(relation) \(Self.quoted(schema["maximum"]!))")
        }
        if let divisor = schema["multipleOf"]?.doubleValue, divisor > 0, (number / divisor).rounded() != number / divisor {
            report(field, .value, "Invalid value: \(Self.quoted(value)): \(field) in body should be a multiple of \(Self.quoted(schema["multipleOf"]!))")
        }
    }

    /// `minItems`/`maxItems` of an array (`noun` "items") or `minProperties`/`maxProperties` of an object ("properties").
    private mutating func checkCount(_ count: Int, schema: JSONValue, path: FieldPath, noun: String) {
        let field = path.description
        let suffix = noun.prefix(1).uppercased() + noun.dropFirst()
        if let minimum = schema["min" + suffix]?.intValue, count < minimum {
            report(field, .value, "Invalid value: \(count): \(field) in body should have at least \(minimum) \(noun)")
        }
        if let maximum = schema["max" + suffix]?.intValue, count > maximum {
            report(field, .value, "Too many: \(count): must have at most \(maximum) \(noun)")
        }
    }

    // MARK: - Reporting

    private mutating func report(_ field: FieldPath, _ rule: SchemaViolation.Rule, _ message: String) {
        report(field.description, rule, message)
    }

    private mutating func report(_ field: String, _ rule: SchemaViolation.Rule, _ message: String) {
        guard !stopped else { return }
        guard violations.count < Self.maxViolations else {
            stop(FieldPath(), "more than \(Self.maxViolations) violations; the rest are not reported")
            return
        }
        violations.append(SchemaViolation(field: field, rule: rule, message: message))
    }

    private mutating func stop(_ path: FieldPath, _ message: String) {
        guard !stopped else { return }
        violations.append(SchemaViolation(field: path.description, rule: .value, message: message))
        stopped = true
    }

    /// A value as Kubernetes quotes it in messages: strings in double quotes, the rest as JSON.
    static func quoted(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return "\"" + String(text.prefix(200)) + (text.count > 200 ? "…" : "") + "\""
        case .int(let number): return String(number)
        case .double(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        case .null: return "null"
        case .array, .object: return value.typeName
        }
    }
}
