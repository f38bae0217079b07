import ArgumentParser
import Logging
import SluiceAPI
import SluiceRuntime

/// `source-controller reconcile gitrepository NAMESPACE/NAME`: one reconcile now, conditions printed, exit 0 when Ready.
struct SourceReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile one object now and print its conditions; exit 0 when it is Ready.")

    @Argument(help: "The kind: gitrepository.")
    var kind: SourceKind

    @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
    var object: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var flags: SourceControllerFlags
    @OptionGroup var log: LogOptions

    func run() async throws {
        guard let key = ObjectKey(object) else { throw ValidationError("expected NAMESPACE/NAME, got '\(object)'") }
        log.bootstrap()
        var logger = Logger(label: SourceController.name)
        logger.logLevel = log.logLevel
        let parts = try ControllerProcess.Parts.open(name: SourceController.name, cluster: cluster, logger: logger)
        let advertised = flags.storageAdvertisedAddress ?? flags.storageAddress.description
        let reconciler = SourceController.gitRepositoryReconciler(parts, flags: flags, artifactBaseURL: { "http://\(advertised)" })
        let controller = Controller(reconciler: reconciler, api: parts.api, store: parts.store, events: parts.events,
                                    metrics: parts.metrics, settings: parts.settings, logger: logger)
        let outcome = await controller.reconcile(key)
        print("GitRepository \(key): \(outcome.report)")
        guard outcome.isReady else { throw ExitCode(1) }
    }
}
