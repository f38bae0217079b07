import ServiceLifecycle
import SluiceAPI
import SluiceRuntime

/// The notification-controller: forwards events to providers and turns webhook pushes into reconciles.
public enum NotificationController: ControllerDescriptor {
    /// The controller's name, as it reports events.
    public static let name = "notification-controller"

    /// One line for `--help`.
    public static let abstract = "Forwards events to providers and turns webhook pushes into reconciles."

    /// The kinds this controller reconciles.
    public static let kinds: [any APIObject.Type] = [Provider.self, Alert.self, Receiver.self]

    /// The long-running services of this controller.
    public static func services(_ parts: ControllerProcess.Parts, flags: NoControllerFlags) -> [any Service] {
        // The reconcilers arrive with the Kubernetes API client; until then the process serves health and metrics only.
        []
    }
}
