import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import SluiceCore

/// A real HTTP(S) listener on 127.0.0.1, port 0, that speaks as much Kubernetes as a scenario needs.
final class FakeAPIServer: Sendable {
    typealias Handler = @Sendable (RecordedRequest) async -> FakeResponse

    let port: Int
    let log: RequestLog
    private let task: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }
    var httpsURL: String { "https://127.0.0.1:\(port)" }

    private init(port: Int, log: RequestLog, task: Task<Void, any Error>) {
        self.port = port
        self.log = log
        self.task = task
    }

    /// Starts a server; with `tls`, it speaks HTTPS.
    static func start(tls: TLSConfiguration? = nil, handler: @escaping Handler) async throws -> FakeAPIServer {
        let log = RequestLog()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 16 << 20)
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let recorded = RecordedRequest(method: request.method.rawValue, path: request.uri.path, query: query,
                                           headers: headers, body: Array(buffer: body))
            await log.append(recorded)
            let reply = await handler(recorded)
            var fields = HTTPFields()
            for (name, value) in reply.headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            let chunks = reply.chunks
            let delay = reply.chunkDelay
            return Response(status: HTTPResponse.Status(code: reply.status), headers: fields, body: ResponseBody { writer in
                for (index, chunk) in chunks.enumerated() {
                    if index > 0 { try await Task.sleep(for: delay) }
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
        }
        var logger = Logger(label: "fake-apiserver")
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(
            responder: responder, server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw FakeServerError.noPort
        }
        return FakeAPIServer(port: port, log: log, task: task)
    }

    func stop() { task.cancel() }

    enum FakeServerError: Error { case noPort }
}
