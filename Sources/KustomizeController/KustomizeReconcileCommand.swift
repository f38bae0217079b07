import ArgumentParser
import Logging
import SluiceAPI
import SluiceKube
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
        guard let key = ObjectKey(object) else { throw ValidationError("expected NAMESPACE/NAME, got '\(object)'") }
        log.bootstrap()
        var logger = Logger(label: KustomizeController.name)
        logger.logLevel = log.logLevel
        let parts = try ControllerProcess.Parts.open(name: KustomizeController.name, cluster: cluster, logger: logger)
        let reconciler = try KustomizeController.reconciler(parts, flags: flags)
        let controller = Controller(reconciler: reconciler, api: parts.api, store: parts.store, events: parts.events,
                                    metrics: parts.metrics, settings: parts.settings, logger: logger)
        let outcome = await controller.reconcile(key)
        print("Kustomization \(key): \(outcome.report)")
        guard outcome.isReady else { throw ExitCode(1) }
    }
}
