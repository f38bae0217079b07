import ArgumentParser
import SluiceAPI
import SluiceRuntime

/// `source-controller reconcile gitrepository NAMESPACE/NAME`: one reconcile now, conditions printed, exit 0 when Ready.
struct SourceReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile one object now and print its conditions; exit 0 when it is Ready.")

    @Argument(help: "The kind: gitrepository, helmrepository, helmchart, ocirepository or artifactgenerator.")
    var kind: SourceKind

    @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
    var object: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var flags: SourceControllerFlags
    @OptionGroup var log: LogOptions

    func run() async throws {
        let flags = self.flags
        let urlBase = ArtifactURLBase(address: flags.advertisedStorageAddress)
        switch kind {
        case .gitrepository:
            try await DebugCommandSupport.reconcileOnce(object, controller: SourceController.name, cluster: cluster, log: log) { parts in
                SourceController.gitRepositoryReconciler(parts, flags: flags, artifactBaseURL: { urlBase.current })
            }
        case .helmrepository:
            try await DebugCommandSupport.reconcileOnce(object, controller: SourceController.name, cluster: cluster, log: log) { _ in
                SourceController.helmRepositoryReconciler(flags: flags, artifactBaseURL: { urlBase.current })
            }
        case .helmchart:
            try await DebugCommandSupport.reconcileOnce(object, controller: SourceController.name, cluster: cluster, log: log) { _ in
                SourceController.helmChartReconciler(flags: flags, artifactBaseURL: { urlBase.current })
            }
        case .ocirepository:
            try await DebugCommandSupport.reconcileOnce(object, controller: SourceController.name, cluster: cluster, log: log) { _ in
                SourceController.ociRepositoryReconciler(flags: flags, artifactBaseURL: { urlBase.current })
            }
        case .artifactgenerator:
            try await DebugCommandSupport.reconcileOnce(object, controller: SourceController.name, cluster: cluster, log: log) { parts in
                try SourceController.artifactGeneratorReconciler(parts, flags: flags, artifactBaseURL: { urlBase.current })
            }
        }
    }
}
