import Foundation
import Logging
import SluiceOCI
import SluiceTestSupport

/// The chart sources of the helm-controller's end-to-end tests: Sluice's `webapp` fixture chart in all its versions
/// in a real chart repository (`ChartRepositoryServer`), and version 1.0.0 pushed to the real `docker-registry` as
/// `helm push` lays a chart out (Helm's config blob, one chart content layer, tagged with the version).
final class HelmReleaseChartSources: Sendable {
    let charts: ChartRepositoryServer
    let registry: RegistryServer
    /// The packages in the chart repository, by version.
    let packages: [String: ChartPackager.Package]
    /// The digest of the manifest pushed for `charts/webapp:1.0.0`.
    let ociManifestDigest: String

    /// The OCI repository of the chart, `oci://127.0.0.1:PORT/charts/webapp`.
    var ociRepositoryURL: String { registry.url("charts/webapp") }

    private init(charts: ChartRepositoryServer, registry: RegistryServer, packages: [String: ChartPackager.Package], ociManifestDigest: String) {
        self.charts = charts
        self.registry = registry
        self.packages = packages
        self.ociManifestDigest = ociManifestDigest
    }

    /// Packages every version into `directory/charts`, serves them, starts a registry under `directory` and pushes 1.0.0.
    static func start(in directory: URL) async throws -> HelmReleaseChartSources {
        let root = directory.appendingPathComponent("charts")
        let packages = try await WebappChart.repository(at: root)
        let charts = try await ChartRepositoryServer.start(root: root)
        let registry = try await RegistryServer.start(in: directory)
        guard let package = packages.first(where: { $0.version == WebappChart.Version.v1_0_0.rawValue }) else {
            throw ChildProcessError("webapp 1.0.0 was not packaged")
        }
        let digest = try await push(package, to: registry)
        return HelmReleaseChartSources(charts: charts, registry: registry, packages: Dictionary(uniqueKeysWithValues: packages.map { ($0.version, $0) }),
                                       ociManifestDigest: digest)
    }

    /// Pushes `package` to `repository:<version>` (by default `charts/<name>`) as `helm push` does; returns the
    /// manifest's digest.
    static func push(_ package: ChartPackager.Package, to registry: RegistryServer, repository: String? = nil) async throws -> String {
        let client = try OCIClient(options: OCIClientOptions(insecure: true, timeout: .seconds(60)), logger: Logger(label: "helm-e2e-push"))
        let reference = try OCIReference(parsing: registry.url(repository ?? "charts/\(package.name)")).with(tag: package.version)
        var config: [String: String] = ["apiVersion": "v2", "name": package.name, "version": package.version]
        config["appVersion"] = package.appVersion
        let configBytes = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        let configDescriptor = try await client.pushBlob(reference, Array(configBytes), mediaType: OCIMediaType.helmConfig)
        let layer = try await client.pushBlob(reference, Array(try Data(contentsOf: package.file)), mediaType: OCIMediaType.helmChartContent)
        let manifest = OCIManifest(config: configDescriptor, layers: [layer])
        return try await client.pushManifest(reference, Array(try JSONEncoder().encode(manifest)), mediaType: OCIMediaType.imageManifest)
    }

    /// Stops both servers.
    func stop() {
        charts.stop()
        registry.stop()
    }
}
