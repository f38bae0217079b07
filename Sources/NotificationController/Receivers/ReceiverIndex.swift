import SluiceCore
import SluiceAPI
import Synchronization

/// The Receivers being served, by webhook path: filled by the Receiver reconciler, read by the webhook server on every request.
public final class ReceiverIndex: Sendable {
    /// One served Receiver.
    public struct Entry: Sendable {
        /// The Receiver as last reconciled.
        public var receiver: Receiver
        /// The token from its Secret.
        public var token: String
        /// Its webhook path.
        public var path: String
    }

    private struct State {
        var byPath: [String: Entry] = [:]
        var pathByObject: [String: String] = [:]
    }
    private let state = Mutex(State())

    /// An empty index.
    public init() {}

    /// Serves `receiver` at `path`, replacing what it was served at before.
    public func serve(_ receiver: Receiver, token: String, path: String) {
        let key = "\(receiver.metadata.namespace ?? "")/\(receiver.metadata.name)"
        state.withLock { state in
            if let old = state.pathByObject[key] { state.byPath[old] = nil }
            state.byPath[path] = Entry(receiver: receiver, token: token, path: path)
            state.pathByObject[key] = path
        }
    }

    /// Stops serving the Receiver `namespace/name`.
    public func remove(namespace: String, name: String) {
        state.withLock { state in
            if let old = state.pathByObject.removeValue(forKey: "\(namespace)/\(name)") { state.byPath[old] = nil }
        }
    }

    /// The Receiver served at `path`.
    public func entry(path: String) -> Entry? { state.withLock { $0.byPath[path] } }

    /// How many Receivers are served.
    public var count: Int { state.withLock { $0.byPath.count } }
}
