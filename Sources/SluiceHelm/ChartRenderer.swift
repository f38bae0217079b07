import Foundation
import SluiceCore

/// Renders a loaded chart with user values as `helm install --dry-run` does: dependencies processed (conditions, tags,
/// aliases, import-values), values coalesced and validated against the charts' schemas, the chart's `kubeVersion`
/// checked, templates rendered, documents split and sorted into manifests and hooks.
public struct ChartRenderer: Sendable {
    /// The release.
    public var release: ReleaseOptions
    /// The cluster's capabilities.
    public var capabilities: HelmCapabilities
    /// Whether `values.schema.json` is ignored (`--skip-schema-validation`).
    public var skipSchemaValidation: Bool
    /// What templates' `lookup` reads; nil (the default, as `helm template`) finds nothing.
    public var lookup: (any HelmLookup)?
    /// How long rendering the templates may take before it fails naming the chart and template it was in.
    public var renderTimeLimit: Duration = Self.defaultRenderTimeLimit

    /// The default of ``renderTimeLimit``: far above what real charts take, a bound for hostile ones.
    public static let defaultRenderTimeLimit: Duration = .seconds(120)

    /// A renderer for `release` on a cluster with `capabilities`.
    public init(release: ReleaseOptions, capabilities: HelmCapabilities = HelmCapabilities(), skipSchemaValidation: Bool = false) {
        self.release = release
        self.capabilities = capabilities
        self.skipSchemaValidation = skipSchemaValidation
    }

    /// Checks that `chart` can be installed: not a library, every declared dependency present.
    public func checkInstallable(_ chart: HelmChart) throws(HelmError) {
        if chart.metadata.isLibrary { throw HelmError(.load, "library charts are not installable") }
        if !chart.metadata.dependencies.isEmpty { try DependencyProcessor.checkPresent(chart) }
    }

    /// Helm's `ValidateReleaseName` (a DNS-1123 subdomain of at most 53 characters), worded as `helm install` reports it.
    static func validateReleaseName(_ name: String) throws(HelmError) {
        let pattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
        let reason: String
        if name.isEmpty {
            reason = "no name provided"
        } else if name.utf8.count > 53 || name.range(of: pattern, options: .regularExpression) == nil {
            reason = "invalid release name, must match regex \(pattern) and the length must not be longer than 53"
        } else {
            return
        }
        throw HelmError(.values, "release name check failed: release name \(GoQuote.quote(name)): \(reason)")
    }

    /// The values templates see as `.Values`: `values` over the defaults of the (processed) chart.
    public func renderValues(_ chart: HelmChart, values: JSONObject) throws(HelmError) -> (chart: HelmChart, values: JSONObject) {
        let processed = DependencyProcessor.process(chart, values: values)
        let coalesced = ValuesCoalescer.coalesce(processed, values)
        if !skipSchemaValidation {
            let report = try Self.schemaReport(processed, coalesced)
            if !report.isEmpty {
                throw HelmError(.values, "values don't meet the specifications of the schema(s) in the following chart(s):\n" + report)
            }
        }
        return (processed, coalesced)
    }

    private static func schemaReport(_ chart: HelmChart, _ values: JSONObject) throws(HelmError) -> String {
        var report = ""
        if let schema = chart.schema {
            let failures = try SchemaValidator(schema: schema).validate(.object(values))
            if !failures.isEmpty {
                report += chart.name + ":\n" + failures.map { "- at '\($0.location)': \($0.message)" }.joined(separator: "\n") + "\n"
            }
        }
        for sub in chart.dependencies {
            report += try schemaReport(sub, values[sub.name]?.objectValue ?? JSONObject())
        }
        return report
    }

    /// Renders `chart` with the user's `values`, waiting for the render thread (the CLI's entry).
    public func render(_ chart: HelmChart, values: JSONObject) throws(HelmError) -> RenderedRelease {
        let (processed, coalesced) = try prepare(chart, values: values)
        let files = try engine.render(chart: processed, values: coalesced, release: release, capabilities: capabilities)
        return try finish(processed, files)
    }

    /// Renders `chart` with the user's `values` on a thread of its own while the task is suspended (no thread of the
    /// cooperative pool blocked); cancelling the task stops the render.
    public func render(_ chart: HelmChart, values: JSONObject) async throws(HelmError) -> RenderedRelease {
        let (processed, coalesced) = try prepare(chart, values: values)
        let files = try await engine.render(chart: processed, values: coalesced, release: release, capabilities: capabilities)
        return try finish(processed, files)
    }

    private var engine: HelmEngine { HelmEngine(lookup: lookup, timeLimit: renderTimeLimit) }

    /// Checks and values before rendering: installable, release name, values and schemas, `kubeVersion`.
    private func prepare(_ chart: HelmChart, values: JSONObject) throws(HelmError) -> (chart: HelmChart, values: JSONObject) {
        try checkInstallable(chart)
        try Self.validateReleaseName(release.name)
        let (processed, coalesced) = try renderValues(chart, values: values)
        if !processed.metadata.kubeVersion.isEmpty {
            let compatible: Bool
            if let constraint = try? VersionConstraint(processed.metadata.kubeVersion), let version = SemanticVersion(capabilities.normalizedKubeVersion) {
                compatible = constraint.isSatisfied(by: version)
            } else {
                compatible = false
            }
            if !compatible {
                throw HelmError(.render, "chart requires kubeVersion: \(processed.metadata.kubeVersion) which is incompatible with Kubernetes \(capabilities.kubeVersion)")
            }
        }
        return (processed, coalesced)
    }

    /// The release from the rendered files: NOTES set apart, documents split and sorted into manifests and hooks.
    private func finish(_ processed: HelmChart, _ rendered: [String: String]) throws(HelmError) -> RenderedRelease {
        var files = rendered
        var notes = ""
        for key in files.keys.sorted() where key.hasSuffix("NOTES.txt") {
            if key == processed.name + "/templates/NOTES.txt" { notes = files[key]! }
            files[key] = nil
        }
        let sorted: (hooks: [HelmHook], manifests: [RenderedManifest])
        do throws(HelmError) { sorted = try ManifestSorter.sort(files) } catch {
            var failure = error
            failure.renderedFiles = files
            throw failure
        }
        return RenderedRelease(manifests: sorted.manifests, hooks: sorted.hooks, crds: processed.crdFiles(), notes: notes)
    }
}
