import SluiceCore

/// The protobuf form of a Swagger 2.0 document (gnostic's `openapi_v2.Document`), which kubectl asks `/openapi/v2` for
/// (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). Written: `swagger`, `info`, and every definition with
/// its schema fields and `x-` extensions (extensions and `default`/`enum` values as YAML text, which JSON is, as gnostic
/// keeps them); paths are left out (kubectl reads the group-version-kinds from the definitions, and v3 for the rest).
enum OpenAPIv2Protobuf {
    /// The encoded document.
    static func encode(_ document: JSONValue) -> [UInt8] {
        var out = ProtobufWriter()
        out.string(1, document["swagger"]?.stringValue ?? "2.0")
        if let info = document["info"] {
            var message = ProtobufWriter()
            message.string(1, info["title"]?.stringValue ?? "")
            message.string(2, info["version"]?.stringValue ?? "")
            out.message(2, message.bytes)
        }
        if let definitions = document["definitions"]?.objectValue {
            var message = ProtobufWriter()
            for (name, schema) in definitions { message.message(1, named(name, schema, depth: 0)) }
            out.message(9, message.bytes)
        }
        return out.bytes
    }

    /// `NamedSchema`: name 1, schema 2.
    private static func named(_ name: String, _ schema: JSONValue, depth: Int) -> [UInt8] {
        var message = ProtobufWriter()
        message.string(1, name)
        message.message(2, encodeSchema(schema, depth: depth + 1))
        return message.bytes
    }

    /// `Any` as gnostic writes a JSON value it does not model: its YAML text in field 2.
    private static func any(_ value: JSONValue) -> [UInt8] {
        var message = ProtobufWriter()
        message.string(2, JSONSerializer().string(value), always: true)
        return message.bytes
    }

    /// `Schema`, field numbers as gnostic's OpenAPIv2.proto; deeper than the builder copies is left empty.
    private static func encodeSchema(_ schema: JSONValue, depth: Int) -> [UInt8] {
        var out = ProtobufWriter()
        guard let members = schema.objectValue, depth <= OpenAPIDocumentBuilder.maxDepth else { return out.bytes }
        out.string(1, members["$ref"]?.stringValue ?? "")
        out.string(2, members["format"]?.stringValue ?? "")
        out.string(3, members["title"]?.stringValue ?? "")
        out.string(4, members["description"]?.stringValue ?? "")
        if let value = members["default"] { out.message(5, any(value)) }
        for (field, key) in [(6, "multipleOf"), (7, "maximum"), (9, "minimum")] {
            if let number = members[key]?.doubleValue { out.double(field, number) }
        }
        for (field, key) in [(8, "exclusiveMaximum"), (10, "exclusiveMinimum"), (16, "uniqueItems"), (27, "readOnly")] {
            if members[key]?.boolValue == true { out.bool(field, true) }
        }
        for (field, key) in [(11, "maxLength"), (12, "minLength"), (14, "maxItems"), (15, "minItems"),
                             (17, "maxProperties"), (18, "minProperties")]
        {
            if let number = members[key]?.intValue { out.int64(field, number) }
        }
        out.string(13, members["pattern"]?.stringValue ?? "")
        for name in members["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] { out.string(19, name, always: true) }
        for value in members["enum"]?.arrayValue ?? [] { out.message(20, any(value)) }
        if let additional = members["additionalProperties"] {
            var item = ProtobufWriter()
            if additional.objectValue != nil {
                item.message(1, encodeSchema(additional, depth: depth + 1))
            } else if let flag = additional.boolValue {
                item.bool(2, flag, always: true)
            }
            out.message(21, item.bytes)
        }
        if let type = members["type"]?.stringValue {
            var item = ProtobufWriter()
            item.string(1, type)
            out.message(22, item.bytes)
        }
        if let items = members["items"], items.objectValue != nil {
            var item = ProtobufWriter()
            item.message(1, encodeSchema(items, depth: depth + 1))
            out.message(23, item.bytes)
        }
        for element in members["allOf"]?.arrayValue ?? [] { out.message(24, encodeSchema(element, depth: depth + 1)) }
        if let properties = members["properties"]?.objectValue {
            var item = ProtobufWriter()
            for (name, property) in properties { item.message(1, named(name, property, depth: depth)) }
            out.message(25, item.bytes)
        }
        for (key, value) in members where key.hasPrefix("x-") {
            var named = ProtobufWriter()
            named.string(1, key)
            named.message(2, any(value))
            out.message(31, named.bytes)
        }
        return out.bytes
    }
}
