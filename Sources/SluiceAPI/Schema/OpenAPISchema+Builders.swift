import SluiceCore

extension OpenAPISchema {
    /// The pattern Flux gives `interval`-like durations: Go durations in `ms`, `s`, `m` and `h`.
    public static let durationPattern = #"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$"#
    /// The pattern Flux gives some timeouts: Go durations in `ms`, `s` and `m` only.
    public static let shortDurationPattern = #"^([0-9]+(\.[0-9]+)?(ms|s|m))+$"#

    /// A string.
    public static func string(_ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .string, description: description)
    }

    /// A string that must be one of `values`.
    public static func `enum`(_ values: [String], _ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .string, description: description, enumValues: values.map(JSONValue.string))
    }

    /// A Go duration string such as `1m30s`, validated with Flux's pattern.
    ///
    /// - Parameters:
    ///   - description: The field's description.
    ///   - allowingHours: Whether `h` is accepted; Flux leaves it out of some timeouts.
    public static func duration(_ description: String? = nil, allowingHours: Bool = true) -> OpenAPISchema {
        OpenAPISchema(type: .string, description: description,
                      pattern: allowingHours ? durationPattern : shortDurationPattern)
    }

    /// An RFC 3339 timestamp.
    public static func dateTime(_ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .string, description: description, format: "date-time")
    }

    /// A Boolean.
    public static func boolean(_ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .boolean, description: description)
    }

    /// An integer; `format` is `int64` or `int32` where Go's type fixes the width (Go's `int` has none).
    public static func integer(_ description: String? = nil, format: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .integer, description: description, format: format)
    }

    /// An object with these properties.
    public static func object(_ description: String? = nil, _ properties: [Property]) -> OpenAPISchema {
        OpenAPISchema(type: .object, description: description, properties: properties)
    }

    /// An array of `item`.
    public static func array(of item: OpenAPISchema, _ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .array, description: description, items: item)
    }

    /// A map from strings to `value`.
    public static func map(of value: OpenAPISchema, _ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(type: .object, description: description, additionalProperties: value)
    }

    /// A map from strings to strings, such as labels.
    public static func stringMap(_ description: String? = nil) -> OpenAPISchema {
        map(of: .string(), description)
    }

    /// Arbitrary JSON (`apiextensionsv1.JSON`), kept as written.
    public static func json(_ description: String? = nil) -> OpenAPISchema {
        OpenAPISchema(description: description, preservesUnknownFields: true)
    }

    /// The schema of `type`, with the field's own description where given.
    public static func ref<T: SchemaDescribed>(_ type: T.Type, _ description: String? = nil) -> OpenAPISchema {
        var schema = T.openAPISchema
        if let description { schema.description = description }
        return schema
    }

    /// The root schema of a Kubernetes object: `apiVersion`, `kind`, `metadata`, `spec` and, where it has one, `status`.
    public static func kubernetesObject(_ description: String, spec: OpenAPISchema, status: OpenAPISchema?) -> OpenAPISchema {
        var properties: [Property] = [
            .field("apiVersion", .string(
                "APIVersion defines the versioned schema of this representation of an object.")),
            .field("kind", .string(
                "Kind is a string value representing the REST resource this object represents.")),
            .field("metadata", OpenAPISchema(type: .object)),
            .field("spec", spec),
        ]
        if let status { properties.append(.field("status", status)) }
        return .object(description, properties)
    }
}

extension OpenAPISchema {
    /// This schema with another description.
    public func withDescription(_ description: String?) -> OpenAPISchema {
        var copy = self
        copy.description = description
        return copy
    }

    /// This schema with a default value.
    public func withDefault(_ value: JSONValue) -> OpenAPISchema {
        var copy = self
        copy.defaultValue = value
        return copy
    }

    /// This schema restricted to these values.
    public func withEnum(_ values: [String]) -> OpenAPISchema {
        var copy = self
        copy.enumValues = values.map(JSONValue.string)
        return copy
    }

    /// This schema with a pattern.
    public func withPattern(_ pattern: String) -> OpenAPISchema {
        var copy = self
        copy.pattern = pattern
        return copy
    }

    /// This schema with a format.
    public func withFormat(_ format: String) -> OpenAPISchema {
        var copy = self
        copy.format = format
        return copy
    }

    /// This schema with string length bounds.
    public func withLength(min: Int? = nil, max: Int? = nil) -> OpenAPISchema {
        var copy = self
        if let min { copy.minLength = min }
        if let max { copy.maxLength = max }
        return copy
    }

    /// This schema with numeric bounds.
    public func withRange(minimum: Int64? = nil, maximum: Int64? = nil) -> OpenAPISchema {
        var copy = self
        if let minimum { copy.minimum = minimum }
        if let maximum { copy.maximum = maximum }
        return copy
    }

    /// This schema with array length bounds.
    public func withItems(min: Int? = nil, max: Int? = nil) -> OpenAPISchema {
        var copy = self
        if let min { copy.minItems = min }
        if let max { copy.maxItems = max }
        return copy
    }

    /// This array schema as a map list keyed by `keys` (`x-kubernetes-list-type: map`).
    public func withListMapKeys(_ keys: [String]) -> OpenAPISchema {
        var copy = self
        copy.listType = "map"
        copy.listMapKeys = keys
        return copy
    }

    /// This schema with a CEL validation rule.
    public func withValidation(rule: String, message: String) -> OpenAPISchema {
        var copy = self
        copy.validations.append(Validation(rule: rule, message: message))
        return copy
    }

    /// This schema with the property `name` changed by `transform`; unchanged when there is no such property.
    ///
    /// Used where Flux shares a type but narrows a field per use, such as the
    /// kinds a `sourceRef` may name.
    public func withProperty(_ name: String, _ transform: (OpenAPISchema) -> OpenAPISchema) -> OpenAPISchema {
        var copy = self
        if let index = copy.properties.firstIndex(where: { $0.name == name }) {
            copy.properties[index].schema = transform(copy.properties[index].schema)
        }
        return copy
    }

    /// This schema with the property `name` required (or not).
    public func withRequired(_ name: String, _ isRequired: Bool = true) -> OpenAPISchema {
        var copy = self
        if let index = copy.properties.firstIndex(where: { $0.name == name }) {
            copy.properties[index].isRequired = isRequired
        }
        return copy
    }
}
