import SluiceKube
import Logging
import SluiceStore

/// What a reconcile step may use besides the object.
public struct ReconcileContext: Sendable {
    /// The Kubernetes API.
    public let api: any KubernetesAPI
    /// The shared store, where the controller has one.
    public let store: Store?
    /// Records events about the object.
    public let events: EventRecorder
    /// A logger carrying the object's name.
    public let logger: Logger

    /// A context.
    public init(api: any KubernetesAPI, store: Store?, events: EventRecorder, logger: Logger) {
        self.api = api
        self.store = store
        self.events = events
        self.logger = logger
    }
}
