import Foundation
import SluiceCore
import SluiceGoTemplate

/// `Chart.yaml` read as Helm 4 reads it: sigs.k8s.io/yaml converts the YAML to JSON guided by the `Metadata` struct,
/// so a number or boolean bound for a string field becomes a string (`version: 1.0` reads `"1"`, floats with the
/// 32-bit precision of `strconv.FormatFloat(f, 'g', -1, 32)`: `appVersion: 1.10` reads `"1.1"`), then encoding/json
/// decodes it, keys matched to fields ignoring case, and fails on the first value of the wrong kind (in sorted key
/// order) with Go's `json: cannot unmarshal … into Go struct field …` message.
enum ChartYAMLFields {
    /// A Go field type of `Metadata`, `Maintainer` or `Dependency`.
    indirect enum FieldType {
        case string
        case bool
        case strings
        case stringMap
        case structs(String, [String: FieldType])
        case any
    }

    static let maintainer: [String: FieldType] = ["name": .string, "email": .string, "url": .string]

    static let dependency: [String: FieldType] = [
        "name": .string, "version": .string, "repository": .string, "condition": .string, "tags": .strings,
        "enabled": .bool, "import-values": .any, "alias": .string,
    ]

    static let metadata: [String: FieldType] = [
        "name": .string, "home": .string, "sources": .strings, "version": .string, "description": .string,
        "keywords": .strings, "maintainers": .structs("Maintainer", maintainer), "icon": .string, "apiVersion": .string,
        "condition": .string, "tags": .string, "appVersion": .string, "deprecated": .bool, "annotations": .stringMap,
        "kubeVersion": .string, "dependencies": .structs("Dependency", dependency), "type": .string,
    ]

    /// `object` (Chart.yaml as YAML read it) with its fields converted as Helm converts them, under their own names.
    ///
    /// - Throws: ``HelmError`` `cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: …`.
    static func coerce(_ object: JSONObject) throws(HelmError) -> JSONObject {
        var failure: String?
        let result = decode(object, fields: metadata, structName: "Metadata", path: [], failure: &failure)
        if let failure {
            throw HelmError(.load, "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: " + failure)
        }
        return result
    }

    /// A struct's fields; `failure` keeps the first error, as encoding/json's `saveError` does.
    private static func decode(_ object: JSONObject, fields: [String: FieldType], structName: String, path: [String],
                               failure: inout String?) -> JSONObject {
        var result = object
        for key in object.keysInByteOrder {
            guard let name = GoJSONFields.field(for: key, among: fields.keys), let type = fields[name] else { continue }
            let value = object[key]!
            if name != key { result[key] = nil }
            result[name] = convert(value, type, structName: structName, path: path + [name], failure: &failure)
        }
        return result
    }

    private static func convert(_ value: JSONValue, _ type: FieldType, structName: String, path: [String], failure: inout String?) -> JSONValue {
        func refuse(_ goType: String, _ refused: JSONValue? = nil) -> JSONValue {
            if failure == nil {
                failure = GoJSONFields.typeError((refused ?? value).goJSONKind, goType: goType, structName: structName, path: path)
            }
            return .null
        }
        if case .null = value { return value }
        switch type {
        case .any:
            return value
        case .string:
            switch value {
            case .string: return value
            case .int(let i): return .string(String(i))
            case .double(let d): return .string(GoFloat.shortest32(d))
            case .bool(let b): return .string(b ? "true" : "false")
            default: return refuse("string")
            }
        case .bool:
            if case .bool = value { return value }
            return refuse("bool")
        case .strings:
            guard case .array(let elements) = value else { return refuse("[]string") }
            return .array(elements.map { convert($0, .string, structName: structName, path: path, failure: &failure) })
        case .stringMap:
            guard case .object(let map) = value else { return refuse("map[string]string") }
            var result = JSONObject()
            for member in map { result[member.key] = convert(member.value, .string, structName: structName, path: path + [member.key], failure: &failure) }
            return .object(result)
        case .structs(let name, let fields):
            guard case .array(let elements) = value else { return refuse("[]*v2.\(name)") }
            return .array(elements.map { element in
                if case .null = element { return element }
                guard case .object(let object) = element else { return refuse("v2.\(name)", element) }
                return .object(decode(object, fields: fields, structName: name, path: path, failure: &failure))
            })
        }
    }
}
