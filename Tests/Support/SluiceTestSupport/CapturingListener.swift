import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization

/// A real HTTP listener on 127.0.0.1 standing in for a notification provider (a webhook, GitHub's or Gitea's commit
/// status API): records every request and answers with the statuses it is given.
public final class CapturingListener: Sendable {
    /// One request as received.
    public struct Captured: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: [UInt8]

        /// The body parsed as JSON.
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        /// The body parsed as a JSON object.
        public var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    /// What the router and the test share.
    final class State: Sendable {
        let captured = Mutex([Captured]())
        let statuses: Mutex<[Int]>
        let held: Mutex<Bool>
        init(statuses: [Int], held: Bool) {
            self.statuses = Mutex(statuses)
            self.held = Mutex(held)
        }
    }

    let state: State
    /// The bound port.
    public let port: Int
    /// Whether it speaks HTTPS.
    public let secure: Bool
    private let task: Task<Void, any Error>

    /// Starts a listener; it answers `statuses` in turn, then 200; while `held`, requests wait until ``release()``.
    public static func start(statuses: [Int] = [], held: Bool = false, tls: TLSCertificateFiles? = nil) async throws -> CapturingListener {
        let state = State(statuses: statuses, held: held)
        let router = Router()
        router.post("**") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 10 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            state.captured.withLock {
                $0.append(Captured(method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer: body)))
            }
            while state.held.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
            let status = state.statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            return Response(status: .init(code: status))
        }
        let (port, task) = try await LoopbackHTTPServer.start(responder: router.buildResponder(), tls: tls, label: "capturing listener")
        return CapturingListener(state: state, port: port, task: task, secure: tls != nil)
    }

    private init(state: State, port: Int, task: Task<Void, any Error>, secure: Bool) {
        self.secure = secure
        self.state = state
        self.port = port
        self.task = task
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String = "/hook") -> String { "\(secure ? "https" : "http")://127.0.0.1:\(port)\(path)" }

    /// The requests received so far.
    public var requests: [Captured] { state.captured.withLock { $0 } }

    /// Lets held requests answer.
    public func release() { state.held.withLock { $0 = false } }

    /// Stops the listener.
    public func stop() { task.cancel() }

    deinit { task.cancel() }
}
