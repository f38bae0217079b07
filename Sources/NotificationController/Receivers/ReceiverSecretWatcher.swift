import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches Secrets and queues the Receivers whose `secretRef` names one whenever it is created, changed or deleted, as
/// Flux's Receiver controller watches Secrets: a deleted token shows as `TokenNotFound` and a rotated one is served at its
/// new path at once, not at the Receiver's next interval. (Requests are checked against the live Secret anyway — see
/// ``ReceiverHandler`` — so this is about status and the new path.) The watching is ``DependentsWatcher``'s, comparing
/// resource versions only, so Secret data is never kept.
struct ReceiverSecretWatcher: Service {
    /// The Kubernetes API.
    let api: any KubernetesAPI
    /// The queue of the Receiver controller.
    let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    let namespace: String?
    /// Where failures go.
    let logger: Logger

    /// Lists and watches until cancelled or shut down. The first list only sets the baseline: the Receiver controller
    /// reconciles every Receiver when it starts anyway.
    func run() async throws {
        try await DependentsWatcher(api: api, kind: SecretValues.gvk, namespace: namespace, queue: queue, logger: logger,
                                    queuesFirstList: false, queuesDeletions: true,
                                    fingerprint: { $0.resourceVersion ?? "" }, dependents: Self.receivers)
        .run()
    }

    /// Every Receiver whose `secretRef` names one of `secrets`.
    @Sendable static func receivers(_ api: any KubernetesAPI, using secrets: Set<ObjectKey>) async throws -> [ObjectKey] {
        var keys: [ObjectKey] = []
        for namespace in Set(secrets.map(\.namespace)) {
            for object in try await api.list(Receiver.gvk, namespace: namespace).items {
                guard let name = object["spec", "secretRef", "name"]?.stringValue,
                    secrets.contains(ObjectKey(namespace: object.namespace ?? "", name: name))
                else { continue }
                keys.append(DependentsWatcher.key(object))
            }
        }
        return keys
    }
}
