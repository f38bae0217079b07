import ArgumentParser
import SluiceAPI
import SluiceRuntime

/// `kustomize-controller reconcile kustomization NAMESPACE/NAME`: one reconcile now, conditions printed, exit 0 when Ready.
struct KustomizeReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile one Kustomization now and print its conditions; exit 0 when it is Ready.")

    @Argument(help: "The kind: kustomization.")
    var kind: KustomizationKind

    @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
    var object: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var flags: KustomizeControllerFlags
    @OptionGroup var log: LogOptions

    func run() async throws {
        let flags = self.flags
        try await DebugCommandSupport.reconcileOnce(object, controller: KustomizeController.name, cluster: cluster, log: log) { parts in
            try KustomizeController.reconciler(parts, flags: flags)
        }
    }
}
