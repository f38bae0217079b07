import Foundation
import SluiceCore
import SluiceGoTemplate

/// Values files read as Helm reads them: YAML to JSON, every number a `float64`.
public enum ValuesReader {
    /// The values in `text` (the first document; an empty file is no values).
    ///
    /// - Throws: ``HelmError`` naming `source` when the text is not YAML or not a map.
    public static func read(_ text: String, source: String) throws(HelmError) -> JSONObject {
        do {
            return try read(text)
        } catch {
            throw HelmError(.values, "failed to parse \(source): \(error.message)")
        }
    }

    /// Helm's `LoadValues`: every document of `text`, merged in order (`MergeMaps`).
    static func read(_ text: String) throws(HelmError) -> JSONObject {
        let documents: [JSONValue]
        do { documents = try GoYAMLReader().documents(text) } catch {
            throw HelmError(.values, "cannot unmarshal yaml document: error converting YAML to JSON: yaml: \(error)")
        }
        var values = JSONObject()
        for document in documents {
            switch document {
            case .null: continue
            case .object(let object): values = ValueOptions.mergeMaps(values, normalised(object))
            case let other:
                throw HelmError(.values, "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal \(other.typeName) into Go value of type map[string]interface {}")
            }
        }
        return values
    }

    /// `object` with every integer turned into a `float64`, as Go's JSON decoder reads numbers into `interface{}`.
    package static func normalised(_ object: JSONObject) -> JSONObject {
        JSONObject(object.members.map { ($0.key, normalised($0.value)) })
    }

    static func normalised(_ value: JSONValue) -> JSONValue {
        switch value {
        case .int(let i): return .double(Double(i))
        case .array(let elements): return .array(elements.map(normalised))
        case .object(let object): return .object(normalised(object))
        default: return value
        }
    }
}
