import Synchronization

/// What one reconcile of a HelmChart hands from the source step to the artifact step: the build.
final class HelmChartWork: Sendable {
    private let state = Mutex<ChartBuild?>(nil)

    /// The build the source step made.
    var build: ChartBuild? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
