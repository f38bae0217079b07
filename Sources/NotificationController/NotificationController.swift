import Logging
import ArgumentParser
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

    /// `get`, `deliveries`, `events` and `receiver url`.
    public static var debugCommands: [any ParsableCommand.Type] {
        [NotificationGetCommand.self, DeliveriesCommand.self, EventsCommand.self, ReceiverCommand.self]
    }

    /// The event dispatcher, the Receiver controller (with its Secret watch) and the webhook server.
    public static func services(_ parts: ControllerProcess.Parts, flags: NotificationControllerFlags) throws -> [any Service] {
        let index = ReceiverIndex()
        let receivers = Controller(reconciler: ReceiverReconciler(index: index), api: parts.api, store: parts.store, events: parts.events,
                                   metrics: parts.metrics, settings: parts.settings, logger: parts.logger)
        let requester = ReconcileRequester(api: parts.api, noCrossNamespaceRefs: flags.noCrossNamespaceRefs, logger: parts.logger)
        let handler = ReceiverHandler(index: index, requester: requester, logger: parts.logger)
        let server = ReceiverServer(address: flags.receiverAddress, handler: handler, limits: flags.receiverLimits, logger: parts.logger) { port in
            parts.logger.info("serving webhook receivers", metadata: ["address": "\(ListenAddress(host: flags.receiverAddress.host, port: port))"])
        }
        let dispatcher = EventDispatcher(api: parts.api, store: parts.store, consumer: name, rateLimit: flags.rateLimit,
                                         retention: flags.retention, noCrossNamespaceRefs: flags.noCrossNamespaceRefs, events: parts.events,
                                         metrics: DeliveryMetrics(parts.metrics), logger: parts.logger)
        let secrets = ReceiverSecretWatcher(api: parts.api, queue: receivers.queue, namespace: parts.settings.namespace, logger: parts.logger)
        return [server, receivers, secrets, dispatcher]
    }
}
