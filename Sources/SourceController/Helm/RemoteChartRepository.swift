/// Where a HelmChart's package comes from when its source is a HelmRepository: one implementation per repository
/// type (an HTTP index here; an OCI registry joins it), so the HelmChart reconciler is the same for both.
///
/// Resolving and downloading are two calls, as Flux's remote builder does them: a resolved version that matches
/// the stored artifact is not downloaded again.
protocol RemoteChartRepository: Sendable {
    /// The version of chart `name` that `range` selects (`nil` or `*`: the highest stable version).
    ///
    /// - Throws: ``ChartBuildError`` with reason `InvalidChartReference` when the chart or a matching version is
    ///   missing, `ChartPullError` when the repository cannot be read.
    func chartVersion(_ name: String, range: String?) async throws -> RemoteChartVersion

    /// The package bytes of `version`.
    ///
    /// - Throws: ``ChartBuildError`` with reason `ChartPullError`.
    func download(_ version: RemoteChartVersion) async throws -> [UInt8]
}

/// A chart version a ``RemoteChartRepository`` resolved.
struct RemoteChartVersion: Sendable {
    /// The chart's name.
    var name: String
    /// The version, as the repository lists it.
    var version: String
    /// Where the package is: URLs from the index (relative to the repository, or absolute), or a registry reference.
    var urls: [String]
}
