/// A failed chart build, with Flux's build error reason (`chart.BuildError`).
struct ChartBuildError: Error, CustomStringConvertible {
    /// Flux's `BuildErrorReason`s.
    enum Reason: String, Sendable {
        case chartReference = "InvalidChartReference"
        case chartPull = "ChartPullError"
        case metadataPatch = "MetadataPatchError"
        case valuesFiles = "ValuesFilesError"
        case dependencyBuild = "DependencyBuildError"
        case chartPackage = "ChartPackageError"
        case unknown = "Unknown"

        /// Flux's summary, which prefixes the message.
        var summary: String {
            switch self {
            case .chartReference: return "invalid chart reference"
            case .chartPull: return "chart pull error"
            case .metadataPatch: return "chart metadata patch error"
            case .valuesFiles: return "values files merge error"
            case .dependencyBuild: return "dependency build error"
            case .chartPackage: return "chart package error"
            case .unknown: return "unknown build error"
            }
        }

        /// Whether the failure sets `BuildFailed` (the chart was fetched, building it failed) rather than `FetchFailed`.
        var isBuildFailure: Bool { [.metadataPatch, .valuesFiles, .dependencyBuild, .chartPackage].contains(self) }

        /// Whether retrying cannot help until the spec changes (Flux's `IsPersistentBuildErrorReason`).
        var isPersistent: Bool { [.chartReference, .metadataPatch, .valuesFiles].contains(self) }
    }

    /// Why.
    var reason: Reason
    /// The cause.
    var message: String

    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// Flux's `BuildError.Error()`: `<summary>: <cause>`.
    var description: String { "\(reason.summary): \(message)" }
}
