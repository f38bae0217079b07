import Foundation
import SluiceCore

/// A loaded chart: metadata, default values, schema, templates, other files and its subcharts.
public struct HelmChart: Sendable {
    /// `Chart.yaml`.
    public var metadata: ChartMetadata
    /// `values.yaml` (numbers as `float64`, as Helm reads YAML).
    public var values: JSONObject
    /// `values.schema.json`, when present.
    public var schema: [UInt8]?
    /// `templates/…`, sorted by name.
    public var templates: [ChartFile]
    /// Every other file (`crds/…`, `README.md`, `config/…`), what `.Files` serves.
    public var files: [ChartFile]
    /// The charts in `charts/`, then processed by conditions, tags and aliases.
    public var dependencies: [HelmChart]

    /// A chart from its parts.
    public init(metadata: ChartMetadata, values: JSONObject = JSONObject(), schema: [UInt8]? = nil,
                templates: [ChartFile] = [], files: [ChartFile] = [], dependencies: [HelmChart] = []) {
        self.metadata = metadata
        self.values = values
        self.schema = schema
        self.templates = templates
        self.files = files
        self.dependencies = dependencies
    }

    /// The chart's name.
    public var name: String { metadata.name }

    /// The files of `crds/` (not templated), the chart's own then its subcharts', as `helm template --include-crds` prints them.
    public func crdFiles(prefix: String? = nil) -> [ChartFile] {
        let path = prefix.map { $0 + "/charts/" + name } ?? name
        let extensions = [".yaml", ".yml", ".json"]
        var result = files.filter { file in file.name.hasPrefix("crds/") && extensions.contains { file.name.hasSuffix($0) } }
            .map { ChartFile(name: path + "/" + $0.name, data: $0.data) }
        for dependency in dependencies { result += dependency.crdFiles(prefix: path) }
        return result
    }
}
