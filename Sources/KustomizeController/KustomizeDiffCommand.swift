import ArgumentParser
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// `kustomize-controller diff NAMESPACE/NAME`: prints the drift between the source and the cluster without changing
/// anything; exits 0 when there is none, 1 when there is, 2 on error (as `flux diff kustomization`).
struct KustomizeDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Print what applying a Kustomization would change; exit 1 when there is drift, 0 when none, 2 on error.")

    @Argument(help: "NAMESPACE/NAME (or NAME in the default namespace).")
    var object: String

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var flags: KustomizeControllerFlags
    @OptionGroup var log: LogOptions

    func run() async throws {
        guard let key = ObjectKey(object) else {
            FileHandle.standardError.write(Data("kustomize-controller diff: expected NAMESPACE/NAME, got '\(object)'\n".utf8))
            throw ExitCode(2)
        }
        log.bootstrap()
        var logger = Logger(label: KustomizeController.name)
        logger.logLevel = log.logLevel
        do {
            let parts = try ControllerProcess.Parts.open(name: KustomizeController.name, cluster: cluster, logger: logger)
            let reconciler = try KustomizeController.reconciler(parts, flags: flags)
            guard let raw = try await parts.api.get(Kustomization.gvk, namespace: key.namespace, name: key.name) else {
                throw ValidationError("Kustomization \(key) not found")
            }
            let context = ReconcileContext(api: parts.api, store: parts.store, events: EventRecorder(store: nil, controller: KustomizeController.name, logger: logger), logger: logger)
            let lines = try await reconciler.diff(raw.decode(as: Kustomization.self), context: context).flatMap(\.lines)
            for line in lines { print(line) }
            if !lines.isEmpty { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("kustomize-controller diff: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
