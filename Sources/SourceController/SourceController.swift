import ServiceLifecycle
import SluiceAPI
import SluiceRuntime

/// The source-controller: reconciles GitRepository, HelmRepository and HelmChart into artifacts in the shared store.
public enum SourceController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "source-controller"

    /// One line for `--help`.
    public static let abstract = "Reconciles GitRepository, HelmRepository and HelmChart into artifacts in the shared store."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [GitRepository.self, HelmRepository.self, HelmChart.self]

    /// The long-running services of this controller.
    public static func services(_ parts: ControllerProcess.Parts, flags: NoControllerFlags) -> [any Service] {
        // The reconcilers arrive with the Kubernetes API client; until then the process serves health and metrics only.
        []
    }
}
