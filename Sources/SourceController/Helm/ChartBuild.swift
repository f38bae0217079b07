/// The outcome of building a HelmChart's package (Flux's `chart.Build`).
struct ChartBuild: Sendable {
    /// The chart's name.
    var name: String
    /// The artifact's version: the chart version, with build metadata when Flux adds it.
    var version: String
    /// The package bytes; `nil` when the stored artifact already is this build.
    var content: [UInt8]?
    /// Whether the package was built here (values files merged, version changed, or a chart directory packaged)
    /// rather than pulled as is.
    var packaged: Bool
    /// The values files merged.
    var valuesFiles: [String]

    /// Flux's `Build.Summary()`: `pulled 'podinfo' chart with version '6.1.0'` (`packaged` when built here), with
    /// `and merged values files [a b]` when values files were merged.
    var summary: String { Self.summary(name: name, version: version, packaged: packaged, valuesFiles: valuesFiles) }

    /// The summary of a build from its parts.
    static func summary(name: String, version: String, packaged: Bool, valuesFiles: [String]) -> String {
        var text = "\(packaged ? "packaged" : "pulled") '\(name)' chart with version '\(version)'"
        if !valuesFiles.isEmpty { text += " and merged values files [\(valuesFiles.joined(separator: " "))]" }
        return text
    }

    /// `ChartPackageSucceeded` for a packaged build, `ChartPullSucceeded` for a pulled one.
    static func reason(packaged: Bool) -> String { packaged ? "ChartPackageSucceeded" : "ChartPullSucceeded" }
}
