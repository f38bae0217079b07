import SluiceCore
import SluiceKube

/// A Kubernetes API that has no objects: for the fuzz test, which drives the handler alone and must never reach the API with a valid request.
struct RefusingKubernetesAPI: KubernetesAPI {
    func get(_ gvk: GroupVersionKind, namespace: String?, name: String) async throws -> KubeObject? { nil }
    func list(_ gvk: GroupVersionKind, namespace: String?) async throws -> ObjectList { ObjectList(items: [], resourceVersion: "1") }
    func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        AsyncThrowingStream { $0.finish() }
    }
    func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, subresource: Subresource?) async throws -> KubeObject {
        throw KubernetesError.notFound("\(gvk) \(name)")
    }
}
