import SluiceCore
import SluiceGoTemplate

/// source-watcher's `Merge` strategy: two YAML values files (each possibly several documents, merged in order) deep
/// merged, the overlay winning, maps merged key by key and everything else (lists too) replaced, as Helm merges values;
/// written back as `sigs.k8s.io/yaml.Marshal` writes (sorted keys).
enum ValuesMerge {
    /// `overlay` merged into `base`, as YAML bytes.
    static func merge(_ base: [UInt8], _ overlay: [UInt8], base basePath: String, overlay overlayPath: String) throws -> [UInt8] {
        let merged = mergeMaps(try load(base, basePath), try load(overlay, overlayPath))
        do {
            return Array(try GoYAMLWriter.marshal(.object(merged)).utf8)
        } catch {
            throw ArtifactTreeError("failed to merged YAML: \(error)")
        }
    }

    /// Every document of a YAML file merged into one map, as source-watcher's `loadYAML`.
    static func load(_ bytes: [UInt8], _ path: String) throws -> JSONObject {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ArtifactTreeError("'\(path)' is not UTF-8 text") }
        let documents: [JSONValue]
        do {
            documents = try GoYAMLReader().documents(text)
        } catch {
            throw ArtifactTreeError("error reading YAML document '\(path)': \(error)")
        }
        var out = JSONObject()
        for document in documents {
            switch document {
            case .null: continue
            case .object(let object): out = mergeMaps(out, object)
            default: throw ArtifactTreeError("cannot unmarshal YAML document '\(path)': not a map")
            }
        }
        return out
    }

    /// `overlay` over `base`: nested maps merged recursively, any other value replaced.
    static func mergeMaps(_ base: JSONObject, _ overlay: JSONObject) -> JSONObject {
        var out = base
        for (key, value) in overlay {
            if case .object(let inner) = value, case .object(let existing)? = out[key] {
                out[key] = .object(mergeMaps(existing, inner))
            } else {
                out[key] = value
            }
        }
        return out
    }
}
