import Foundation
import SluiceCore
import SluiceGoTemplate

/// One entry of `dependencies` in `Chart.yaml` (or `requirements.yaml` for `apiVersion: v1` charts).
public struct ChartDependency: Sendable {
    /// The chart's name (replaced by `alias` once dependencies are processed).
    public var name: String
    /// The version constraint.
    public var version: String
    /// Where it comes from (not used: dependencies must already be in `charts/`).
    public var repository: String
    /// Comma-separated values paths; the first that holds a boolean enables or disables the chart.
    public var condition: String
    /// Tags: the chart is disabled when one of its tags is false under `tags` and none is true.
    public var tags: [String]
    /// Whether the chart is rendered (decided by tags and conditions).
    public var enabled: Bool
    /// `import-values`: strings (`exports.NAME`) or `{child, parent}` maps.
    public var importValues: [JSONValue]
    /// Another name for the chart (a chart used twice).
    public var alias: String

    /// The dependency described by one `dependencies` item.
    public init(_ object: JSONObject) {
        name = object["name"]?.scalarText ?? ""
        version = object["version"]?.scalarText ?? ""
        repository = object["repository"]?.scalarText ?? ""
        condition = object["condition"]?.scalarText ?? ""
        tags = object["tags"]?.arrayValue?.compactMap(\.scalarText) ?? []
        enabled = object["enabled"]?.boolValue ?? false
        importValues = object["import-values"]?.arrayValue ?? []
        alias = object["alias"]?.scalarText ?? ""
    }

    /// The dependency as Helm's `.Chart.Dependencies` shows it (Go's field names).
    var templateMap: JSONValue {
        .object([
            "Name": .string(name), "Version": .string(version), "Repository": .string(repository),
            "Condition": .string(condition), "Tags": .array(tags.map { .string($0) }), "Enabled": .bool(enabled),
            "ImportValues": .array(importValues), "Alias": .string(alias),
        ])
    }
}

extension JSONValue {
    /// A scalar as sigs.k8s.io/yaml puts it into a Go `string` field: integers in decimal, floats as float32 in `%g`'s
    /// shortest form (`1.10` is `1.1`, `123456789.5` is `1.2345679e+08`), bools as `true`/`false`.
    var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return GoFloat.shortest32(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}
