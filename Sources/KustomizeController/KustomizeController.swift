import ArgumentParser
import ServiceLifecycle
import SluiceAPI
import SluiceRuntime

/// The kustomize-controller: builds Kustomizations from source artifacts and applies them to the cluster.
public enum KustomizeController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "kustomize-controller"

    /// One line for `--help`.
    public static let abstract = "Builds Kustomizations from source artifacts and applies them to the cluster."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [Kustomization.self]

    /// Debugging commands: `build DIR` prints what the kustomize engine builds.
    public static var debugCommands: [any ParsableCommand.Type] { [KustomizeBuildCommand.self] }

    /// The long-running services of this controller.
    public static func services(_ parts: ControllerProcess.Parts, flags: NoControllerFlags) -> [any Service] {
        // The reconcilers arrive with the Kubernetes API client; until then the process serves health and metrics only.
        []
    }
}
