import SluiceCore
import Synchronization

/// The OpenAPI documents built so far, for one state of the served kinds: building one walks every schema its kinds
/// reach, and kubectl asks for them on every `apply` and `explain`. A new fingerprint (a CRD added, changed or
/// removed) empties the cache.
final class OpenAPICache: Sendable {
    private struct State {
        var fingerprint = ""
        var documents: [String: JSONValue?] = [:]
    }

    private let state = Mutex(State())

    /// The document under `key` for the kinds `fingerprint` names, built with `build` when not cached.
    func document(_ key: String, fingerprint: String, build: () -> JSONValue?) -> JSONValue? {
        let cached: JSONValue?? = state.withLock { state in
            if state.fingerprint != fingerprint { state = State(fingerprint: fingerprint) }
            return state.documents[key]
        }
        if let cached { return cached }
        let built = build()
        state.withLock { state in
            if state.fingerprint == fingerprint { state.documents[key] = built }
        }
        return built
    }
}
