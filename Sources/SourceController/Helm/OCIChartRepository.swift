import Foundation
import SluiceCore
import SluiceOCI

/// A ``RemoteChartRepository`` over a `type: oci` HelmRepository, as Flux's `OCIChartRepository`: chart `name`
/// lives at `<url>/<name>`, its versions are the registry's tags (Helm writes `+` as `_` in a tag), and the package is
/// the manifest's `application/vnd.cncf.helm.chart.content.v1.tar+gzip` layer, digest-verified and size-bounded.
struct OCIChartRepository: RemoteChartRepository {
    /// The HelmRepository URL (`oci://host[/path]`, no trailing slash); charts are repositories below it.
    var url: String
    /// The client, with the HelmRepository's credentials, TLS, `insecure` and `timeout`.
    var client: OCIClient
    /// The largest chart layer read (`--helm-chart-max-size`, Flux's default 10 MiB).
    var chartMaxSize: Int

    /// Helm's chart layer media types: today's, and the legacy one Helm 3.0–3.6 pushed.
    static let chartLayerMediaTypes = [OCIMediaType.helmChartContent, "application/tar+gzip"]

    /// The version `range` selects among the tags of `<url>/<name>`. An exact version (strict semver) is taken as the
    /// tag directly without listing, as Flux; otherwise an exact tag match first, then the highest tag that satisfies
    /// the range (`*` when nil or empty: the highest stable version). Every failure is `ChartPullError`, as Flux
    /// reports a registry's errors here.
    func chartVersion(_ name: String, range: String?) async throws -> RemoteChartVersion {
        let chart = try reference(name)
        let wanted = range.flatMap { $0.isEmpty ? nil : $0 }
        if let wanted, SemanticVersion(strict: wanted) != nil {
            return RemoteChartVersion(name: name, version: wanted, urls: ["oci://\(chart.with(tag: Self.tag(wanted)))"])
        }
        let tags: [String]
        do {
            tags = try await client.listTags(chart)
        } catch {
            throw ChartBuildError(.chartPull, "failed to get chart version for remote reference: could not get tags for \"\(name)\": \(error)")
        }
        // Helm's registry client lists only tags that are versions once `_` is read as `+`.
        let versions = tags.map { $0.replacingOccurrences(of: "_", with: "+") }.filter { SemanticVersion(strict: $0) != nil }
        guard !versions.isEmpty else {
            throw ChartBuildError(.chartPull, "failed to get chart version for remote reference: unable to locate any tags in provided repository: \(name)")
        }
        let version: String
        if let wanted, versions.contains(wanted) {
            version = wanted
        } else {
            do {
                version = try OCITagSelection.highest(satisfying: wanted ?? "*", among: versions, reference: chart.description)
            } catch {
                throw ChartBuildError(.chartPull, "failed to get chart version for remote reference: \(error.cause)")
            }
        }
        return RemoteChartVersion(name: name, version: version, urls: ["oci://\(chart.with(tag: Self.tag(version)))"])
    }

    /// Pulls the manifest of the version's tag and its chart layer: the layer's announced size must be within
    /// `chartMaxSize` before a byte is read, and the bytes must match its digest.
    func download(_ version: RemoteChartVersion) async throws -> [UInt8] {
        let chart = try reference(version.name).with(tag: Self.tag(version.version))
        func failed(_ cause: String) -> ChartBuildError {
            ChartBuildError(.chartPull, "failed to download chart for remote reference: failed to get 'oci://\(chart)': \(cause)")
        }
        let fetched: FetchedManifest
        do {
            fetched = try await client.fetchManifest(chart)
        } catch {
            throw failed("\(error)")
        }
        guard !OCIMediaType.isIndex(fetched.mediaType) else {
            throw failed("the tag names an index ('\(fetched.mediaType)'), not a chart manifest")
        }
        let layers = (fetched.manifest.layers ?? []).filter { Self.chartLayerMediaTypes.contains($0.mediaType) }
        guard let layer = layers.first else {
            throw failed("manifest does not contain a layer with mediatype \(OCIMediaType.helmChartContent)")
        }
        guard layers.count == 1 else {
            throw failed("manifest has \(layers.count) layers with mediatype \(OCIMediaType.helmChartContent), Helm expects one")
        }
        do {
            return try await client.fetchBlob(chart, layer, maxSize: Int64(chartMaxSize))
        } catch {
            throw failed("\(error)")
        }
    }

    /// `<url>/<name>`, parsed as a reference so a name that is not a repository path is refused.
    private func reference(_ name: String) throws -> OCIReference {
        let text = "\(url)/\(name)"
        let parsed: OCIReference
        do {
            parsed = try OCIReference(parsing: text)
        } catch {
            throw ChartBuildError(.chartReference, "invalid chart name '\(name)' for OCI repository: \(error.cause)")
        }
        guard parsed.tag == nil, parsed.digest == nil, parsed.repository.hasSuffix("/\(name)") else {
            throw ChartBuildError(.chartReference, "invalid chart name '\(name)' for OCI repository: not a repository path")
        }
        return parsed
    }

    /// The tag Helm pushes a version as: `+` is not allowed in tags, so build metadata is joined with `_`.
    static func tag(_ version: String) -> String { version.replacingOccurrences(of: "+", with: "_") }
}
