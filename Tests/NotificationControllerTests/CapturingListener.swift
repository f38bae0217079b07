import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import SluiceTestSupport
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP listener on 127.0.0.1 standing in for a provider: records every request and answers with the statuses it is given.
final class CapturingListener: Sendable {
    /// One request as received.
    struct Captured: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: [UInt8]

        /// The body parsed as JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        /// The body parsed as a JSON object.
        var object: [String: Any] { json as? [String: Any] ?? [:] }
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
    let port: Int
    /// Whether it speaks HTTPS.
    let secure: Bool
    private let task: Task<Void, any Error>

    /// Starts a listener; it answers `statuses` in turn, then 200; while `held`, requests wait until ``release()``.
    static func start(statuses: [Int] = [], held: Bool = false, tls: TLSCertificateFiles? = nil) async throws -> CapturingListener {
        let state = State(statuses: statuses, held: held)
        let ports = AsyncStream<Int>.makeStream()
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
        var logger = Logger(label: "capturing-listener")
        logger.logLevel = .critical
        var server = HTTPServerBuilder.http1()
        if let tls {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.serverCertificate.path).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.serverKey.path, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: configuration)
        }
        let app = Application(router: router, server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.runService() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        return CapturingListener(state: state, port: port, task: task, secure: tls != nil)
    }

    private init(state: State, port: Int, task: Task<Void, any Error>, secure: Bool) {
        self.secure = secure
        self.state = state
        self.port = port
        self.task = task
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String = "/hook") -> String { "\(secure ? "https" : "http")://127.0.0.1:\(port)\(path)" }

    /// The requests received so far.
    var requests: [Captured] { state.captured.withLock { $0 } }

    /// Lets held requests answer.
    func release() { state.held.withLock { $0 = false } }

    /// Stops the listener.
    func stop() { task.cancel() }

    deinit { task.cancel() }
}
