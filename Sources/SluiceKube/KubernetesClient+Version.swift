import NIOHTTP1
import SluiceCore

extension KubernetesClient {
    /// The server's `/version` document (`major`, `minor`, `gitVersion`, …), as `kubectl version` and Helm's
    /// `.Capabilities.KubeVersion` read it.
    public func serverVersion() async throws -> JSONValue {
        try await requestJSON(method: .GET, path: "/version")
    }
}
