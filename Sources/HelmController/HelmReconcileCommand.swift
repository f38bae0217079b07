import ArgumentParser
import SluiceAPI
import SluiceKube
import SluiceRuntime

/// `helm-controller reconcile helmrelease NAMESPACE/NAME`: one reconcile now, conditions printed, exit 0 when Ready.
struct HelmReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile one HelmRelease now and print its conditions; exit 0 when it is Ready.")

    @Argument(help: "The kind: helmrelease (hr).")
    var kind: HelmReleaseKind

    @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
    var object: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var flags: HelmControllerFlags
    @OptionGroup var log: LogOptions

    func run() async throws {
        let flags = self.flags
        try await DebugCommandSupport.reconcileOnce(object, controller: HelmController.name, cluster: cluster, log: log) { parts in
            try HelmController.reconciler(parts, flags: flags)
        }
    }
}
