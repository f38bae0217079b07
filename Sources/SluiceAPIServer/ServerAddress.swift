import Synchronization

/// The `host:port` the server is bound to, known once it listens.
final class ServerAddress: Sendable {
    private let storage: Mutex<String>

    init(_ initial: String) { storage = Mutex(initial) }

    var value: String { storage.withLock { $0 } }

    func set(_ address: String) { storage.withLock { $0 = address } }
}
