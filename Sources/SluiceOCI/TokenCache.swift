import Synchronization

/// The `Authorization` values an ``OCIClient`` earned, by host, repository and scope, reused until refused.
final class TokenCache: Sendable {
    private let values = Mutex([String: String]())

    subscript(key: String) -> String? {
        get { values.withLock { $0[key] } }
        set { values.withLock { $0[key] = newValue } }
    }
}
