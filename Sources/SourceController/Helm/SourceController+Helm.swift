import SluiceRuntime

extension SourceController {
    /// The HelmRepository reconciler the flags describe (for `run` and `reconcile`).
    static func helmRepositoryReconciler(flags: SourceControllerFlags, artifactBaseURL: @escaping @Sendable () -> String) -> HelmRepositoryReconciler {
        HelmRepositoryReconciler(indexMaxSize: flags.helmIndexMaxSize, artifactBaseURL: artifactBaseURL)
    }

    /// The HelmChart reconciler the flags describe (for `run` and `reconcile`).
    static func helmChartReconciler(flags: SourceControllerFlags, artifactBaseURL: @escaping @Sendable () -> String) -> HelmChartReconciler {
        HelmChartReconciler(chartMaxSize: flags.helmChartMaxSize, artifactBaseURL: artifactBaseURL)
    }
}
