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
    @OptionGroup var log: LogOptions

    func run() async throws {
        try await DebugCommandSupport.reconcileOnce(object, controller: HelmController.name, cluster: cluster, log: log) { parts in
            try Self.reconciler(parts)
        }
    }

    /// A reconciler with the controller's defaults over the parts' client.
    static func reconciler(_ parts: ControllerProcess.Parts) throws -> HelmReleaseReconciler {
        guard let client = parts.api as? KubernetesClient else {
            throw ValidationError("the helm-controller needs a Kubernetes client that can apply and delete")
        }
        return HelmReleaseReconciler(client: client, metrics: parts.metrics)
    }
}
