import Foundation

/// A ``RemoteChartRepository`` over a `type: default` HelmRepository: the index from the store (as the
/// HelmRepository's artifact holds it, not fetched again), packages downloaded over HTTP(S).
struct HTTPChartRepository: RemoteChartRepository {
    /// The repository's index.
    var index: HelmIndex
    /// The repository URL (with a trailing slash) that relative package URLs resolve against.
    var url: URL
    /// The client, with the repository's credentials and TLS.
    var client: ChartRepositoryClient
    /// The largest package read (`--helm-chart-max-size`, Flux's default 10 MiB).
    var chartMaxSize: Int

    func chartVersion(_ name: String, range: String?) async throws -> RemoteChartVersion {
        do {
            let entry = try index.chartVersion(name, range: range)
            return RemoteChartVersion(name: entry.name, version: entry.version, urls: entry.urls)
        } catch {
            throw ChartBuildError(.chartReference, "failed to get chart version for remote reference: \(error)")
        }
    }

    /// Downloads the first URL (as Flux), resolved against the repository URL when relative; credentials go only
    /// to the repository's own origin unless `passCredentials`.
    func download(_ version: RemoteChartVersion) async throws -> [UInt8] {
        guard let reference = version.urls.first else {
            throw ChartBuildError(.chartPull, "failed to download chart for remote reference: chart '\(version.name)' has no downloadable URLs")
        }
        guard let resolved = URL(string: reference, relativeTo: url)?.absoluteURL, ["http", "https"].contains(resolved.scheme?.lowercased() ?? "") else {
            throw ChartBuildError(.chartPull, "failed to download chart for remote reference: invalid chart URL format '\(reference)'")
        }
        do {
            return try await client.get(resolved, maxSize: chartMaxSize, what: "chart")
        } catch {
            throw ChartBuildError(.chartPull, "failed to download chart for remote reference: \(error)")
        }
    }
}
