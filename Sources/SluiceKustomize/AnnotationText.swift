import SluiceCore
import Yams

/// Annotation values as kustomize holds them: strings.
///
/// kustomize reads an object's `metadata.annotations` through kyaml's `GetAnnotations` (a `map[string]string` of
/// the scalars' text) and writes them back as strings, so `port: 8080`, `happy: true` or `ratio: 1.50` in a
/// resource file come out as `"8080"`, `"true"` and `"1.50"`, and `n: null` as `"null"`. The items of a `List`
/// have been through JSON first, so theirs are the JSON values' text (`0x1F` → `"31"`); so are annotations a patch
/// or a transformer set to a non-string value, which kustomize turns into strings when it writes the object out.
enum AnnotationText {
    /// Whether `object` has an annotation whose value is not a string.
    static func needsText(_ object: JSONObject) -> Bool {
        guard let annotations = object["metadata"]?["annotations"]?.objectValue else { return false }
        return annotations.contains { $0.value.stringValue == nil }
    }

    /// `object` with every annotation value a string: `source` (the scalars' text in the file) where it has the key,
    /// else the JSON value's text.
    static func stringified(_ object: JSONObject, source: [String: String] = [:]) -> JSONObject {
        guard var metadata = object["metadata"]?.objectValue, let annotations = metadata["annotations"]?.objectValue else { return object }
        metadata["annotations"] = .object(stringified(annotations: annotations, source: source))
        var object = object
        object["metadata"] = .object(metadata)
        return object
    }

    /// Every value of `annotations` as a string (see ``stringified(_:source:)``).
    static func stringified(annotations: JSONObject, source: [String: String] = [:]) -> JSONObject {
        var result = JSONObject()
        for (key, value) in annotations {
            if value.stringValue != nil {
                result[key] = value
            } else if let text = source[key] {
                result[key] = .string(text)
            } else {
                result[key] = .string(value.isNull ? "null" : Kustomization.scalarString(value) ?? JSONSerializer().string(value))
            }
        }
        return result
    }

    /// The text of each `metadata.annotations` scalar of the `index`th (0-based) document of `text`.
    static func sourceText(of text: String, document index: Int) -> [String: String] {
        guard let parser = try? Parser(yaml: text, resolver: .basic, encoding: .utf8) else { return [:] }
        var current = 0
        while let node = try? parser.nextRoot() {
            defer { current += 1 }
            guard current == index else { continue }
            guard let annotations = node["metadata"]?["annotations"]?.mapping else { return [:] }
            var result: [String: String] = [:]
            for (key, value) in annotations {
                guard let name = key.scalar?.string, let scalar = value.scalar else { continue }
                result[name] = scalar.string
            }
            return result
        }
        return [:]
    }
}
