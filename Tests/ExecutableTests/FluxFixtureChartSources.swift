import Foundation
import SluiceTestSupport

/// The charts the Flux repository fixtures install, served where the fixtures' placeholder URLs point: `podinfo` and
/// `gateway-helm` in a real chart repository (`http://charts.sluice.invalid/podinfo` and `/envoyproxy`), and
/// `cert-manager` pushed to the real `docker-registry` as `helm push` lays a chart out
/// (`oci://registry.sluice.invalid/jetstack/charts/cert-manager`).
final class FluxFixtureChartSources: Sendable {
    let charts: ChartRepositoryServer
    let registry: RegistryServer
    /// The packaged charts by name.
    let packages: [String: ChartPackager.Package]

    /// The placeholder hosts of the fixtures and the loopback servers replacing them.
    var hosts: [String: String] {
        [FluxRepositoryFixture.chartsHost: "127.0.0.1:\(charts.port)", FluxRepositoryFixture.registryHost: registry.host]
    }

    private init(charts: ChartRepositoryServer, registry: RegistryServer, packages: [String: ChartPackager.Package]) {
        self.charts = charts
        self.registry = registry
        self.packages = packages
    }

    /// Packages the fixture charts under `directory/charts`, serves them and starts a registry under `directory`.
    static func start(in directory: URL) async throws -> FluxFixtureChartSources {
        let root = directory.appendingPathComponent("charts")
        let sources = FluxRepositoryFixture.root.appendingPathComponent("charts")
        var packages: [String: ChartPackager.Package] = [:]
        // Each chart repository is a directory of the server holding its packages and index.yaml.
        for (chart, repository) in [("podinfo", "podinfo"), ("gateway-helm", "envoyproxy"), ("cert-manager", "jetstack")] {
            let into = root.appendingPathComponent(repository)
            let package = try await ChartPackager.package(sources.appendingPathComponent(chart), into: into)
            try ChartPackager.writeIndex([package], in: into)
            packages[chart] = package
        }
        let charts = try await ChartRepositoryServer.start(root: root)
        let registry = try await RegistryServer.start(in: directory)
        let started = FluxFixtureChartSources(charts: charts, registry: registry, packages: packages)
        do {
            guard let certManager = packages["cert-manager"] else { throw ChildProcessError("cert-manager was not packaged") }
            _ = try await HelmReleaseChartSources.push(certManager, to: registry, repository: "jetstack/charts/cert-manager")
        } catch {
            started.stop()
            throw error
        }
        return started
    }

    /// Stops both servers.
    func stop() {
        charts.stop()
        registry.stop()
    }
}
