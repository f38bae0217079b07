import SluiceAPI
import SluiceCore

/// Walks an encoded object against its schema and lists where they disagree.
struct SchemaWalker {
    /// Which keys each object level must have.
    enum Expectation {
        /// Exactly the schema's properties: the value was built with every optional field set.
        case allProperties
        /// Exactly the schema's required properties: the value was built with only required fields.
        case requiredProperties
    }

    var expectation: Expectation
    private(set) var problems: [String] = []

    init(expectation: Expectation) { self.expectation = expectation }

    /// Walks a whole object from its root schema; `metadata` is opaque (`type: object`) and not walked.
    mutating func walkRoot(_ value: JSONValue, _ schema: OpenAPISchema) {
        guard case .object(let object) = value else {
            problems.append("<root>: expected an object, found \(value.typeName)")
            return
        }
        if expectation == .allProperties { compareKeys(object, schema.properties.map(\.name), at: "") }
        for (key, member) in object where key != "metadata" {
            guard let child = schema[property: key] else {
                problems.append("\(key): encoded but not in the schema")
                continue
            }
            walk(member, child, at: key)
        }
    }

    mutating func walk(_ value: JSONValue, _ schema: OpenAPISchema, at path: String) {
        if schema.preservesUnknownFields && schema.type == nil { return }
        checkType(value, schema, at: path)
        switch value {
        case .object(let object):
            if !schema.properties.isEmpty {
                let expected = expectation == .allProperties ? schema.properties.map(\.name) : schema.required
                compareKeys(object, expected, at: path)
                for (key, member) in object {
                    if let child = schema[property: key] { walk(member, child, at: path + "." + key) }
                }
            } else if let additional = schema.additionalProperties {
                for (key, member) in object { walk(member, additional, at: path + "[\(key)]") }
            } else if !schema.preservesUnknownFields {
                problems.append("\(path): an object schema without properties or additionalProperties")
            }
        case .array(let elements):
            guard let items = schema.items else {
                problems.append("\(path): an array schema without items")
                return
            }
            for (index, element) in elements.enumerated() { walk(element, items, at: path + "[\(index)]") }
        default:
            break
        }
    }

    private mutating func compareKeys(_ object: JSONObject, _ expected: [String], at path: String) {
        let encoded = Set(object.keys)
        let wanted = Set(expected)
        let place = path.isEmpty ? "<root>" : path
        for key in encoded.subtracting(wanted).sorted() {
            problems.append(expectation == .allProperties
                ? "\(place).\(key): encoded by the type but not a schema property"
                : "\(place).\(key): not optional in the type but not required by the schema")
        }
        for key in wanted.subtracting(encoded).sorted() {
            problems.append(expectation == .allProperties
                ? "\(place).\(key): a schema property the type does not encode"
                : "\(place).\(key): required by the schema but optional in the type")
        }
    }

    private mutating func checkType(_ value: JSONValue, _ schema: OpenAPISchema, at path: String) {
        guard let type = schema.type else { return }
        let matches: Bool
        switch (type, value) {
        case (.string, .string), (.boolean, .bool), (.integer, .int), (.number, .int), (.number, .double),
             (.object, .object), (.array, .array):
            matches = true
        default:
            matches = false
        }
        if !matches { problems.append("\(path): schema type \(type.rawValue) but the type encodes \(value.typeName)") }
    }
}
