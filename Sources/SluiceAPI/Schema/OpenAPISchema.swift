import SluiceCore

/// A node of an OpenAPI v3 schema, as Kubernetes CustomResourceDefinitions embed them.
///
/// A value type built with the helpers in `OpenAPISchema+Builders.swift`
/// (`.string`, `.duration`, `.object`, `.array(of:)`, `.ref`) and rendered with
/// ``json``. Properties keep their declaration order; `required` is derived from
/// the properties marked required, so a field and its requiredness are written
/// in one place.
public struct OpenAPISchema: Sendable, Hashable {
    /// A JSON type name.
    public enum DataType: String, Sendable, Hashable, CaseIterable {
        /// `string`, `integer`, `number`, `boolean`, `object` or `array`.
        case string, integer, number, boolean, object, array
    }

    /// One named property of an object schema.
    public struct Property: Sendable, Hashable {
        /// The JSON key.
        public var name: String
        /// The property's schema.
        public var schema: OpenAPISchema
        /// Whether the property must be present.
        public var isRequired: Bool

        /// A property.
        public init(name: String, schema: OpenAPISchema, isRequired: Bool) {
            self.name = name
            self.schema = schema
            self.isRequired = isRequired
        }

        /// An optional property.
        public static func field(_ name: String, _ schema: OpenAPISchema) -> Property {
            Property(name: name, schema: schema, isRequired: false)
        }

        /// A required property.
        public static func required(_ name: String, _ schema: OpenAPISchema) -> Property {
            Property(name: name, schema: schema, isRequired: true)
        }
    }

    /// A CEL validation rule (`x-kubernetes-validations`).
    public struct Validation: Sendable, Hashable {
        /// The CEL expression, evaluated with `self` bound to the node.
        public var rule: String
        /// The message reported when the rule evaluates to false.
        public var message: String

        /// A validation rule.
        public init(rule: String, message: String) {
            self.rule = rule
            self.message = message
        }
    }

    /// `type`; `nil` only where unknown fields are preserved or int-or-string is set.
    public var type: DataType?
    /// `description`.
    public var description: String?
    /// `format`, such as `int64` or `date-time`.
    public var format: String?
    /// `properties`, in declaration order.
    public var properties: [Property]
    /// `enum`.
    public var enumValues: [JSONValue]?
    /// `default`.
    public var defaultValue: JSONValue?
    /// `pattern`, an ECMA-262 regular expression.
    public var pattern: String?
    /// `minimum`.
    public var minimum: Int64?
    /// `maximum`.
    public var maximum: Int64?
    /// `minLength`.
    public var minLength: Int?
    /// `maxLength`.
    public var maxLength: Int?
    /// `minItems`.
    public var minItems: Int?
    /// `maxItems`.
    public var maxItems: Int?
    /// `nullable`.
    public var nullable: Bool
    /// `x-kubernetes-preserve-unknown-fields`.
    public var preservesUnknownFields: Bool
    /// `x-kubernetes-int-or-string`.
    public var isIntOrString: Bool
    /// `x-kubernetes-list-type`, such as `map`, `set` or `atomic`.
    public var listType: String?
    /// `x-kubernetes-list-map-keys`, for `listType: map`.
    public var listMapKeys: [String]?
    /// `x-kubernetes-validations`.
    public var validations: [Validation]

    private var boxedItems: Indirect?
    private var boxedAdditionalProperties: Indirect?

    /// A schema node; every part is optional.
    public init(
        type: DataType? = nil, description: String? = nil, format: String? = nil, properties: [Property] = [],
        items: OpenAPISchema? = nil, additionalProperties: OpenAPISchema? = nil, enumValues: [JSONValue]? = nil,
        defaultValue: JSONValue? = nil, pattern: String? = nil, minimum: Int64? = nil, maximum: Int64? = nil,
        minLength: Int? = nil, maxLength: Int? = nil, minItems: Int? = nil, maxItems: Int? = nil,
        nullable: Bool = false, preservesUnknownFields: Bool = false, isIntOrString: Bool = false,
        listType: String? = nil, listMapKeys: [String]? = nil, validations: [Validation] = []
    ) {
        self.type = type
        self.description = description
        self.format = format
        self.properties = properties
        self.boxedItems = items.map(Indirect.node)
        self.boxedAdditionalProperties = additionalProperties.map(Indirect.node)
        self.enumValues = enumValues
        self.defaultValue = defaultValue
        self.pattern = pattern
        self.minimum = minimum
        self.maximum = maximum
        self.minLength = minLength
        self.maxLength = maxLength
        self.minItems = minItems
        self.maxItems = maxItems
        self.nullable = nullable
        self.preservesUnknownFields = preservesUnknownFields
        self.isIntOrString = isIntOrString
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.validations = validations
    }

    /// `items`: the schema of an array's elements.
    public var items: OpenAPISchema? {
        get { boxedItems?.schema }
        set { boxedItems = newValue.map(Indirect.node) }
    }

    /// `additionalProperties`: the schema of a map's values.
    public var additionalProperties: OpenAPISchema? {
        get { boxedAdditionalProperties?.schema }
        set { boxedAdditionalProperties = newValue.map(Indirect.node) }
    }

    /// `required`: the names of the required properties, in declaration order.
    public var required: [String] { properties.filter(\.isRequired).map(\.name) }

    /// The property named `name`, if any.
    public subscript(property name: String) -> OpenAPISchema? {
        properties.first { $0.name == name }?.schema
    }

    private indirect enum Indirect: Sendable, Hashable {
        case node(OpenAPISchema)

        var schema: OpenAPISchema {
            switch self { case .node(let schema): return schema }
        }
    }
}

extension OpenAPISchema {
    /// The schema as JSON, keywords in alphabetical order as `controller-gen` writes them and properties in declaration order.
    public var json: JSONValue {
        var object = JSONObject()
        if let additionalProperties { object["additionalProperties"] = additionalProperties.json }
        if let defaultValue { object["default"] = defaultValue }
        if let description { object["description"] = .string(description) }
        if let enumValues { object["enum"] = .array(enumValues) }
        if let format { object["format"] = .string(format) }
        if let items { object["items"] = items.json }
        if let maxItems { object["maxItems"] = .int(Int64(maxItems)) }
        if let maxLength { object["maxLength"] = .int(Int64(maxLength)) }
        if let maximum { object["maximum"] = .int(maximum) }
        if let minItems { object["minItems"] = .int(Int64(minItems)) }
        if let minLength { object["minLength"] = .int(Int64(minLength)) }
        if let minimum { object["minimum"] = .int(minimum) }
        if nullable { object["nullable"] = .bool(true) }
        if let pattern { object["pattern"] = .string(pattern) }
        if !properties.isEmpty {
            object["properties"] = .object(JSONObject(properties.map { ($0.name, $0.schema.json) }))
        }
        let required = self.required
        if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
        if let type { object["type"] = .string(type.rawValue) }
        if isIntOrString { object["x-kubernetes-int-or-string"] = .bool(true) }
        if let listMapKeys { object["x-kubernetes-list-map-keys"] = .array(listMapKeys.map(JSONValue.string)) }
        if let listType { object["x-kubernetes-list-type"] = .string(listType) }
        if preservesUnknownFields { object["x-kubernetes-preserve-unknown-fields"] = .bool(true) }
        if !validations.isEmpty {
            object["x-kubernetes-validations"] = .array(validations.map {
                .object(["message": .string($0.message), "rule": .string($0.rule)])
            })
        }
        return .object(object)
    }
}
