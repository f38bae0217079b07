import Synchronization

/// The base of `status.artifact.url`: the advertised storage address, or the address the artifact server bound.
final class ArtifactURLBase: Sendable {
    private let value: Mutex<String>

    /// A base starting as `http://<address>`.
    init(address: String) { value = Mutex("http://\(address)") }

    /// The current base, such as `http://127.0.0.1:9090`.
    var current: String { value.withLock { $0 } }

    /// Replaces the base once the server knows its port.
    func set(address: String) { value.withLock { $0 = "http://\(address)" } }
}
