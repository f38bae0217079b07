import Logging
import ServiceLifecycle
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Watches Secrets and queues the Receivers whose `secretRef` names one whenever it is created, changed or deleted, as
/// Flux's Receiver controller watches Secrets: a deleted token shows as `TokenNotFound` and a rotated one is served at its
/// new path at once, not at the Receiver's next interval. (Requests are checked against the live Secret anyway — see
/// ``ReceiverHandler`` — so this is about status and the new path.) Only resource versions are kept, never Secret data.
struct ReceiverSecretWatcher: Service {
    /// The Kubernetes API.
    let api: any KubernetesAPI
    /// The queue of the Receiver controller.
    let queue: WorkQueue<ObjectKey>
    /// Only this namespace, or all.
    let namespace: String?
    /// Where failures go.
    let logger: Logger

    /// Lists and watches until cancelled or shut down.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            var versions: [ObjectKey: String] = [:]
            var failures = 0
            while !Task.isCancelled {
                do {
                    let list = try await api.list(SecretValues.gvk, namespace: namespace)
                    var seen: Set<ObjectKey> = []
                    var changed: Set<ObjectKey> = []
                    let first = versions.isEmpty
                    for object in list.items {
                        let key = Self.key(object)
                        seen.insert(key)
                        if versions.updateValue(object.resourceVersion ?? "", forKey: key) != object.resourceVersion, !first { changed.insert(key) }
                    }
                    for key in versions.keys where !seen.contains(key) {
                        versions[key] = nil
                        changed.insert(key)
                    }
                    try await requeue(changed)
                    failures = 0
                    var resourceVersion = list.resourceVersion
                    for try await event in api.watch(SecretValues.gvk, namespace: namespace, resourceVersion: resourceVersion) {
                        if let version = event.object.resourceVersion { resourceVersion = version }
                        guard event.type != .bookmark else { continue }
                        let key = Self.key(event.object)
                        versions[key] = event.type == .deleted ? nil : (event.object.resourceVersion ?? "")
                        try await requeue([key])
                    }
                } catch is CancellationError {
                    return
                } catch {
                    failures += 1
                    let delay = Backoff(base: .milliseconds(500), cap: .seconds(30)).delay(failures: failures)
                    if case KubernetesError.gone = error {} else { logger.warning("watching secrets failed: \(error); retrying in \(delay)") }
                    try? await Task.sleep(for: delay)
                }
            }
        }
    }

    /// Queues every Receiver whose `secretRef` names one of `secrets`.
    private func requeue(_ secrets: Set<ObjectKey>) async throws {
        for namespace in Set(secrets.map(\.namespace)) {
            for object in try await api.list(Receiver.gvk, namespace: namespace).items {
                guard let name = object["spec", "secretRef", "name"]?.stringValue,
                    secrets.contains(ObjectKey(namespace: object.namespace ?? "", name: name))
                else { continue }
                await queue.add(Self.key(object))
            }
        }
    }

    static func key(_ object: KubeObject) -> ObjectKey { ObjectKey(namespace: object.namespace ?? "", name: object.name) }
}
