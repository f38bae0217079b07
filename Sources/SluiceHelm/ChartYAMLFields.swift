import Foundation
import SluiceCore

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
        for key in object.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let name = fields[key] != nil ? key : fields.keys.first { $0.caseInsensitiveCompare(key) == .orderedSame }
            guard let name, let type = fields[name] else { continue }
            let value = object[key]!
            if name != key { result[key] = nil }
            result[name] = convert(value, type, structName: structName, path: path + [name], failure: &failure)
        }
        return result
    }

    private static func convert(_ value: JSONValue, _ type: FieldType, structName: String, path: [String], failure: inout String?) -> JSONValue {
        func refuse(_ goType: String) -> JSONValue {
            if failure == nil {
                failure = "json: cannot unmarshal \(kind(value)) into Go struct field \(structName).\(path.joined(separator: ".")) of type \(goType)"
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
            case .double(let d): return .string(float32Text(d))
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
                guard case .object(let object) = element else {
                    if failure == nil {
                        failure = "json: cannot unmarshal \(kind(element)) into Go struct field \(structName).\(path.joined(separator: ".")) of type v2.\(name)"
                    }
                    return .null
                }
                return .object(decode(object, fields: fields, structName: name, path: path, failure: &failure))
            })
        }
    }

    /// How encoding/json names a JSON value in a type error.
    private static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// `strconv.FormatFloat(d, 'g', -1, 32)`: the shortest digits that read back as the same `float32`, written with an
    /// exponent when the decimal exponent is below -4 or at least 6 (`1e+06`), plainly otherwise.
    static func float32Text(_ d: Double) -> String {
        let single = Float(d)
        if single.isInfinite { return single < 0 ? "-Inf" : "+Inf" }
        if single.isNaN { return "NaN" }
        if single == 0 { return single.sign == .minus ? "-0" : "0" }
        // Swift's description holds the shortest round-tripping digits; take them and the decimal point's place.
        var text = "\(abs(single))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = whole + fraction
        var point = whole.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let sign = single < 0 ? "-" : ""
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            let mantissa = digits.count > 1 ? String(digits.prefix(1)) + "." + String(digits.dropFirst()) : digits
            let magnitude = String(abs(decimalExponent))
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
}
