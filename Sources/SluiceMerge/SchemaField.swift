import SluiceCore

/// The patch metadata of one property or definition: its type, element shapes and merge directives.
///
/// Built-in kinds share one set of these loaded from the bundled table, where
/// properties point at definitions by name (`ref`); custom resources carry
/// theirs inline (`properties`). Immutable, so a class is safe to share.
package final class SchemaField: Sendable {
    package let type: String?
    package let ref: String?
    package let properties: [String: SchemaField]?
    package let items: SchemaField?
    package let values: SchemaField?
    package let mergeKey: String?
    /// The patch strategies, split at commas (`merge,retainKeys`).
    package let strategies: [String]
    package let listType: String?
    package let listMapKeys: [String]
    package let mapType: String?
    package let intOrString: Bool
    package let preserveUnknownFields: Bool
    /// A default value (from a CRD schema), used for list-map keys the object omits.
    package let defaultValue: JSONValue?

    init(type: String? = nil, ref: String? = nil, properties: [String: SchemaField]? = nil,
         items: SchemaField? = nil, values: SchemaField? = nil, mergeKey: String? = nil,
         strategies: [String] = [], listType: String? = nil, listMapKeys: [String] = [],
         mapType: String? = nil, intOrString: Bool = false, preserveUnknownFields: Bool = false,
         defaultValue: JSONValue? = nil) {
        self.type = type
        self.ref = ref
        self.properties = properties
        self.items = items
        self.values = values
        self.mergeKey = mergeKey
        self.strategies = strategies
        self.listType = listType
        self.listMapKeys = listMapKeys
        self.mapType = mapType
        self.intOrString = intOrString
        self.preserveUnknownFields = preserveUnknownFields
        self.defaultValue = defaultValue
    }

    /// A field from the generated table's compact form (see scripts/generate-schema-table.py).
    static func fromTable(_ json: JSONValue) -> SchemaField {
        let object = json.objectValue ?? JSONObject()
        var properties: [String: SchemaField]?
        if let members = object["properties"]?.objectValue {
            properties = Dictionary(uniqueKeysWithValues: members.map { ($0.key, fromTable($0.value)) })
        }
        return SchemaField(
            type: object["type"]?.stringValue,
            ref: object["ref"]?.stringValue,
            properties: properties,
            items: object["items"].map(fromTable),
            values: object["values"].map(fromTable),
            mergeKey: object["mergeKey"]?.stringValue,
            strategies: splitStrategies(object["strategy"]?.stringValue),
            listType: object["listType"]?.stringValue,
            listMapKeys: object["listMapKeys"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            mapType: object["mapType"]?.stringValue,
            intOrString: object["intOrString"]?.boolValue ?? false,
            preserveUnknownFields: object["preserveUnknownFields"]?.boolValue ?? false)
    }

    /// A field from a CRD version's `openAPIV3Schema` (a JSONSchemaProps tree).
    ///
    /// CRDs cannot declare patch strategies, so a `map` list merges by its
    /// first list-map key and a `set` list is unioned, as kustomize does.
    static func fromOpenAPIV3(_ json: JSONValue) -> SchemaField {
        let object = json.objectValue ?? JSONObject()
        var properties: [String: SchemaField]?
        if let members = object["properties"]?.objectValue {
            properties = Dictionary(uniqueKeysWithValues: members.map { ($0.key, fromOpenAPIV3($0.value)) })
        }
        var values: SchemaField?
        switch object["additionalProperties"] {
        case .object?: values = fromOpenAPIV3(object["additionalProperties"]!)
        case .bool(true)?: values = SchemaField(preserveUnknownFields: true)
        default: break
        }
        let listType = object["x-kubernetes-list-type"]?.stringValue
        let listMapKeys = object["x-kubernetes-list-map-keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
        var mergeKey = object["x-kubernetes-patch-merge-key"]?.stringValue
        var strategies = splitStrategies(object["x-kubernetes-patch-strategy"]?.stringValue)
        if strategies.isEmpty, listType == "map", let first = listMapKeys.first {
            strategies = ["merge"]
            mergeKey = mergeKey ?? first
        } else if strategies.isEmpty, listType == "set" {
            strategies = ["merge"]
        }
        var type = object["type"]?.stringValue
        if type == nil, properties != nil { type = "object" }
        return SchemaField(
            type: type,
            properties: properties,
            items: object["items"].flatMap { $0.objectValue != nil ? fromOpenAPIV3($0) : nil },
            values: values,
            mergeKey: mergeKey,
            strategies: strategies,
            listType: listType,
            listMapKeys: listMapKeys,
            mapType: object["x-kubernetes-map-type"]?.stringValue,
            intOrString: object["x-kubernetes-int-or-string"]?.boolValue ?? false,
            preserveUnknownFields: object["x-kubernetes-preserve-unknown-fields"]?.boolValue ?? false,
            defaultValue: object["default"])
    }

    /// This field with `properties` replaced, keeping everything else.
    func replacingProperties(_ properties: [String: SchemaField]) -> SchemaField {
        SchemaField(type: type ?? "object", ref: ref, properties: properties, items: items, values: values,
                    mergeKey: mergeKey, strategies: strategies, listType: listType, listMapKeys: listMapKeys,
                    mapType: mapType, intOrString: intOrString, preserveUnknownFields: preserveUnknownFields,
                    defaultValue: defaultValue)
    }

    private static func splitStrategies(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").map { String($0) }
    }
}
