import Foundation
import SluiceCore

/// Objects written the way the flux CLI writes them: Go structs through `sigs.k8s.io/yaml`, so every mapping's keys
/// sorted, empty fields left out, and a `---` line first.
enum FluxManifest {
    /// `value` with the keys of every mapping sorted, as Go's JSON-to-YAML conversion leaves them.
    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): .object(JSONObject(object.keys.sorted().map { ($0, sorted(object[$0]!)) }))
        case .array(let elements): .array(elements.map(sorted))
        default: value
        }
    }

    /// `---`, then the object as YAML without its last newline (`printExport`).
    static func exportText(_ object: JSONValue) throws -> String {
        let yaml = try YAMLWriter(lineWidth: -1, dialect: .goYAMLv2).string(sorted(object))
        return "---\n" + yaml.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An object: `apiVersion`, `kind`, `metadata`, then the rest.
    static func object(apiVersion: String, kind: String, metadata: JSONValue, _ rest: [(String, JSONValue)]) -> JSONValue {
        .object(JSONObject([("apiVersion", .string(apiVersion)), ("kind", .string(kind)), ("metadata", metadata)] + rest))
    }

    /// A mapping of the pairs whose value is not empty, as Go's `omitempty` leaves them (`nil` stands for absent).
    static func fields(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        .object(JSONObject(pairs.compactMap { key, value in
            guard let value, !isEmpty(value) else { return nil }
            return (key, value)
        }))
    }

    /// Whether `omitempty` drops the value: "", false, 0, empty arrays and mappings.
    static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .string(let s): s.isEmpty
        case .bool(let b): !b
        case .int(let i): i == 0
        case .array(let a): a.isEmpty
        case .object(let o): o.isEmpty
        default: false
        }
    }

    /// `{name: NAME}` for a non-empty name.
    static func localReference(_ name: String) -> JSONValue? {
        name.isEmpty ? nil : ["name": .string(name)]
    }

    /// Flux's `ParseObjectKindName`: `Kind/name`, or just `name` with no kind.
    static func kindAndName(_ input: String) -> (kind: String, name: String) {
        let parts = input.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("", input)
    }

    /// Flux's `ParseObjectKindNameNamespace`: `Kind/name.namespace`.
    static func kindNameAndNamespace(_ input: String) -> (kind: String, name: String, namespace: String) {
        let (kind, name) = kindAndName(input)
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        return parts.count > 1 ? (kind, parts[0], parts[1]) : (kind, name, "")
    }

    /// Flux's `MakeDependsOn`: `name` or `namespace/name`, as `{name, namespace}` references.
    static func dependsOn(_ flags: [String]) -> JSONValue? {
        let items = flags.flatMap { $0.split(separator: ",").map(String.init) }
        guard !items.isEmpty else { return nil }
        return .array(items.map { item in
            let parts = item.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2 ? fields([("name", .string(parts[1])), ("namespace", .string(parts[0]))]) : fields([("name", .string(item))])
        })
    }

    /// A comma-separated, repeatable flag (pflag's `StringSlice`) as its items.
    static func items(_ flags: [String]) -> [String] {
        flags.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Case-insensitively, the one of `kinds` that `kind` names.
    static func canonicalKind(_ kind: String, in kinds: [String]) -> String? {
        kinds.first { $0.lowercased() == kind.lowercased() }
    }
}
