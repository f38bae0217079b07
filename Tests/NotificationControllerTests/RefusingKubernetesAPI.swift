import SluiceAPI
import SluiceCore
import SluiceKube

/// A Kubernetes API that holds a few fixed objects to read and refuses every write: for the fuzz tests, which drive the
/// handler alone. The served Receivers and their token Secrets are readable (the handler checks them on every request);
/// annotating anything fails as not found.
struct RefusingKubernetesAPI: KubernetesAPI {
    private var objects: [String: KubeObject] = [:]

    /// An API with no objects.
    init() {}

    /// An API holding each Receiver, made Ready, and a Secret `token` in its namespace holding `token`.
    init(receivers: [Receiver], token: String) throws {
        for var receiver in receivers {
            receiver.status = ReceiverStatus(conditions: [Condition(type: ConditionType.ready, status: .true, lastTransitionTime: "2024-01-01T00:00:00Z",
                                                                    reason: "Succeeded", message: "served")])
            let namespace = receiver.metadata.namespace ?? "default"
            objects["Receiver/\(namespace)/\(receiver.metadata.name)"] = try KubeObject(encoding: receiver)
            if let secret = receiver.spec.secretRef?.name {
                var object = KubeObject(apiVersion: "v1", kind: "Secret", name: secret, namespace: namespace)
                object.root["stringData"] = .object(["token": .string(token)])
                objects["Secret/\(namespace)/\(secret)"] = object
            }
        }
    }

    func get(_ gvk: GroupVersionKind, namespace: String?, name: String) async throws -> KubeObject? {
        objects["\(gvk.kind)/\(namespace ?? "")/\(name)"]
    }
    func list(_ gvk: GroupVersionKind, namespace: String?) async throws -> ObjectList { ObjectList(items: [], resourceVersion: "1") }
    func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { $0.finish() }
    }
    func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, subresource: Subresource?) async throws -> KubeObject {
        throw KubernetesError.notFound("\(gvk) \(name)")
    }
}
