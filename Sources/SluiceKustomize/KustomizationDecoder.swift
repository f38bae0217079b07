import SluiceCore

/// Reads a kustomization's fields as kustomize v5.5.0 does (`types.Kustomization.Unmarshal`, `FixKustomization`,
/// `CheckEmpty`, `EnforceFields`).
///
/// kustomize converts the YAML to JSON (which sorts keys) and decodes it with Go's `encoding/json`, unknown fields
/// disallowed: a key names a field exactly or, failing that, case-insensitively (`NamePrefix`, `nameprefix`); when
/// several keys name one field the last in sorted order wins (maps and structs merge); a value of the wrong JSON
/// type fails with Go's own words; the first such error is reported. The result has every key under its canonical
/// name, so the rest of the engine reads fields by their documented names, with legacy fields folded in.
struct KustomizationDecoder {
    /// The kustomization file, for errors.
    let file: String
    private var firstError: String?

    private init(file: String) {
        self.file = file
    }

    /// The fields of `document`, decoded, fixed and checked.
    static func fields(of document: JSONValue, file: String) throws(KustomizeError) -> JSONObject {
        var decoder = KustomizationDecoder(file: file)
        guard case .object = document else {
            if document.isNull { throw KustomizeError("kustomization.yaml is empty", file: file) }
            let message = GoJSONFields.typeError(document.goJSONKind, goType: "types.Kustomization", structName: "", path: [])
            throw KustomizeError("invalid Kustomization: \(message)", file: file)
        }
        // sigs.k8s.io/yaml marshals the document to JSON first, which cannot hold `.nan` or `.inf`.
        if let value = nonFinite(in: document) {
            throw KustomizeError("invalid Kustomization: json: unsupported value: \(value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf")", file: file)
        }
        let decoded = decoder.decode(document, as: .kustomization, structName: "", path: [])
        if let message = decoder.firstError { throw KustomizeError("invalid Kustomization: \(message)", file: file) }
        var fields = fixed(decoded.objectValue ?? JSONObject())
        if !fields.members.contains(where: { !["kind", "apiVersion"].contains($0.key) && isSet($0.value) }) {
            throw KustomizeError("kustomization.yaml is empty", file: file)
        }
        let kind = fields["kind"]?.stringValue ?? ""
        var problems: [String] = []
        if kind != "Kustomization" && kind != "Component" {
            problems.append("kind should be Kustomization or Component")
        }
        let requiredVersion = kind == "Component" ? "kustomize.config.k8s.io/v1alpha1" : "kustomize.config.k8s.io/v1beta1"
        if let apiVersion = fields["apiVersion"]?.stringValue, !apiVersion.isEmpty, apiVersion != requiredVersion {
            problems.append("apiVersion for \(kind) should be \(requiredVersion)")
        }
        if !problems.isEmpty {
            throw KustomizeError("Failed to read kustomization file: \(problems.joined(separator: "; "))", file: file)
        }
        fields["kind"] = .string(kind)
        return fields
    }

    /// `FixKustomization`: the default kind; `bases` appended to `resources`, `imageTags` to `images`, and a
    /// generator's `env` to its `envs`.
    static func fixed(_ fields: JSONObject) -> JSONObject {
        var fields = fields
        if (fields["kind"]?.stringValue ?? "").isEmpty { fields["kind"] = .string("Kustomization") }
        func fold(_ legacy: String, into field: String, of object: inout JSONObject) {
            defer { object[legacy] = nil }
            guard let extra = object[legacy]?.arrayValue, !extra.isEmpty else { return }
            object[field] = .array((object[field]?.arrayValue ?? []) + extra)
        }
        fold("bases", into: "resources", of: &fields)
        fold("imageTags", into: "images", of: &fields)
        for generator in ["configMapGenerator", "secretGenerator"] {
            guard let items = fields[generator]?.arrayValue else { continue }
            fields[generator] = .array(items.map { item in
                guard var args = item.objectValue else { return item }
                if let env = args["env"]?.stringValue, !env.isEmpty { args["env"] = .array([.string(env)]) } else { args["env"] = nil }
                fold("env", into: "envs", of: &args)
                return .object(args)
            })
        }
        return fields
    }

    /// The first `.nan` or `.inf` in `value`, in the order Go's JSON encoder meets them (keys sorted).
    static func nonFinite(in value: JSONValue) -> Double? {
        switch value {
        case .double(let number) where !number.isFinite: return number
        case .array(let items): return items.lazy.compactMap(nonFinite).first
        case .object(let object):
            return object.keysInByteOrder.lazy.compactMap { object[$0].flatMap(nonFinite) }.first
        default: return nil
        }
    }

    /// Whether a decoded value differs from its Go zero value (a nil slice, map or pointer; "", false, 0).
    static func isSet(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .string(let text): return !text.isEmpty
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .double(let number): return number != 0
        case .array, .object: return true
        }
    }

    private mutating func fail(_ value: JSONValue, _ type: GoJSONType, structName: String, path: [String], kind: String? = nil) {
        guard firstError == nil else { return }
        firstError = GoJSONFields.typeError(kind ?? value.goJSONKind, goType: type.goName, structName: structName, path: path)
    }

    /// `value` decoded as `type`: keys renamed to their fields' names; the first error is kept in `firstError`.
    private mutating func decode(_ value: JSONValue, as type: GoJSONType, structName: String, path: [String]) -> JSONValue {
        if value.isNull { return value }
        switch (type, value) {
        case (.any, _), (.string, .string), (.bool, .bool), (.integer, .int):
            return value
        case (.integer, .double(let number)):
            // A whole float (go-yaml's `2.0`) reaches Go's decoder as `2`.
            if number.rounded() == number, abs(number) < 9.2e18 { return .int(Int64(number)) }
            fail(value, type, structName: structName, path: path, kind: "number \(GoNumberFormat.shortestG(number))")
            return value
        case (.slice(let element, _), .array(let items)):
            return .array(items.map { decode($0, as: element, structName: structName, path: path) })
        case (.map(let element, _), .object(let object)):
            var result = JSONObject()
            for (key, item) in object { result[key] = decode(item, as: element, structName: structName, path: path) }
            return .object(result)
        case (.structure(let name, let fields), .object(let object)):
            return .object(decodeStruct(object, name: name, fields: fields, path: path))
        default:
            fail(value, type, structName: structName, path: path)
            return value
        }
    }

    private mutating func decodeStruct(_ object: JSONObject, name: String, fields: [(String, GoJSONType)], path: [String]) -> JSONObject {
        var decoded: [String: JSONValue] = [:]
        // encoding/json sees the keys sorted (sigs.k8s.io/yaml marshals a map); a later key overwrites an earlier one.
        let names = fields.map(\.0)
        var fieldNames: [String: String] = [:]
        for key in object.keysInByteOrder {
            guard let fieldName = GoJSONFields.field(for: key, among: names), let fieldType = fields.first(where: { $0.0 == fieldName })?.1 else {
                if firstError == nil { firstError = "json: unknown field \(GoQuote.quote(key))" }
                continue
            }
            fieldNames[key] = fieldName
            var value = decode(object[key] ?? .null, as: fieldType, structName: name, path: path + [fieldName])
            if let earlier = decoded[fieldName]?.objectValue, let later = value.objectValue {
                var merged = earlier
                for (member, item) in later { merged[member] = item }
                value = .object(merged)
            }
            decoded[fieldName] = value
        }
        // Keep the file's order of fields, which some outputs follow.
        var result = JSONObject()
        for key in object.keys {
            guard let fieldName = fieldNames[key], result[fieldName] == nil, let value = decoded[fieldName] else { continue }
            result[fieldName] = value
        }
        return result
    }
}
