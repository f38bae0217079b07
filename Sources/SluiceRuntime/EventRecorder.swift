import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceStore

/// Records Flux-shaped events about objects into the shared store, where the notification-controller and `sluice events` read them.
public struct EventRecorder: Sendable {
    /// The store events go to; `nil` records to the log only.
    public let store: Store?
    /// The controller name, such as `source-controller`.
    public let controller: String
    /// This process's instance name.
    public let instance: String
    /// Where failures to record are logged.
    public let logger: Logger

    /// A recorder for `controller`.
    public init(store: Store?, controller: String, instance: String = ProcessInfo.processInfo.hostName, logger: Logger) {
        self.store = store
        self.controller = controller
        self.instance = instance
        self.logger = logger
    }

    /// The API group of Flux's event annotations: an object's `event.toolkit.fluxcd.io/…` annotations go into every
    /// event about it.
    public static let eventGroup = "event.toolkit.fluxcd.io"

    /// Records an event about `object`. The controller's `metadata` keys (`revision`, `token`, `commit_status`…) are
    /// stored prefixed with the object's API group, as Flux's controllers key them
    /// (`kustomize.toolkit.fluxcd.io/revision`); the notification-controller strips the prefix again.
    public func record(_ object: KubeObject, severity: EventSeverity, reason: String, message: String, metadata: [String: String] = [:]) {
        let metadata = Self.metadata(metadata, of: object)
        let involved = InvolvedObject(
            kind: object.kind, namespace: object.namespace, name: object.name, uid: object.uid,
            apiVersion: object.apiVersion, resourceVersion: object.resourceVersion)
        let event = Event(
            involvedObject: involved, severity: severity, timestamp: Date(), message: message, reason: reason,
            metadata: metadata.isEmpty ? nil : metadata, reportingController: controller, reportingInstance: instance)
        var log = logger
        log[metadataKey: "object"] = "\(object.displayName)"
        log[metadataKey: "reason"] = "\(reason)"
        switch severity {
        case .error: log.error("\(message)")
        case .info: log.info("\(message)")
        case .trace: log.debug("\(message)")
        }
        guard let store else { return }
        do {
            try store.appendEvent(event)
        } catch {
            log.error("failed to record event: \(error)")
        }
    }

    /// An event's metadata as Flux's recorders make it: each key without a group prefixed with `object`'s API group
    /// (a key that already has one, with a `/`, is kept as it is), and the object's own `event.toolkit.fluxcd.io/`
    /// annotations added.
    static func metadata(_ metadata: [String: String], of object: KubeObject) -> [String: String] {
        let group = object.gvk.group
        var prefixed: [String: String] = [:]
        for (key, value) in metadata {
            prefixed[key.contains("/") || group.isEmpty ? key : "\(group)/\(key)"] = value
        }
        for (key, value) in object.annotations where key.hasPrefix(eventGroup + "/") { prefixed[key] = value }
        return prefixed
    }
}
