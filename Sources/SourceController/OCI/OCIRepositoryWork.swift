import SluiceOCI
import Synchronization

/// What one reconcile of an OCIRepository hands from step to step: the client and the resolved artifact.
final class OCIRepositoryWork: Sendable {
    struct State {
        var client: OCIClient?
        var resolved: OCIReference?
        var revision: String?
    }

    private let state = Mutex(State())

    /// The client the source step configured (credentials, TLS, timeout).
    var client: OCIClient? {
        get { state.withLock { $0.client } }
        set { state.withLock { $0.client = newValue } }
    }

    /// The artifact the source step resolved, by digest.
    var resolved: OCIReference? {
        get { state.withLock { $0.resolved } }
        set { state.withLock { $0.resolved = newValue } }
    }

    /// The revision, `TAG@sha256:…` or `sha256:…`.
    var revision: String? {
        get { state.withLock { $0.revision } }
        set { state.withLock { $0.revision = newValue } }
    }
}
