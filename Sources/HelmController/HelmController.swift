import ArgumentParser
import ServiceLifecycle
import SluiceAPI
import SluiceRuntime

/// The helm-controller: installs and upgrades HelmReleases from chart artifacts.
public enum HelmController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "helm-controller"

    /// One line for `--help`.
    public static let abstract = "Installs and upgrades HelmReleases from chart artifacts."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [HelmRelease.self]

    /// `reconcile`, `get`, and `template` (a chart, as `helm template`, or a HelmRelease as the controller would release it).
    public static var debugCommands: [any ParsableCommand.Type] { [HelmReconcileCommand.self, HelmGetCommand.self, HelmTemplateCommand.self] }

    /// The long-running services of this controller.
    public static func services(_ parts: ControllerProcess.Parts, flags: NoControllerFlags) -> [any Service] {
        // The reconcilers arrive with the Kubernetes API client; until then the process serves health and metrics only.
        []
    }
}
