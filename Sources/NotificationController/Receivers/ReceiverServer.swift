import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import SluiceRuntime

/// The webhook HTTP server (`--receiver-addr`): bodies over ``maxBodySize`` are refused with 413, a connection idle for
/// ``readTimeout`` is closed, oversized headers close the connection (the HTTP parser's limit), and every request goes to a
/// ``ReceiverHandler``.
public struct ReceiverServer: Service {
    /// The largest body accepted: 3 MiB.
    public static let maxBodySize = 3 << 20
    private let application: Application<CallbackResponder<BasicRequestContext>>
    private let address: ListenAddress

    /// A server on `address`; `onListening` gets the bound port.
    public init(address: ListenAddress, handler: ReceiverHandler, readTimeout: Duration = .seconds(15), logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in })
    {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let path = request.uri.path
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBodySize {
                return Self.response(WebhookAnswer(413, "request body too large"))
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Self.maxBodySize)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                return Self.response(WebhookAnswer(413, "request body too large"))
            }
            var headers: [String: String] = [:]
            for field in request.headers where headers[field.name.canonicalName] == nil {
                headers[field.name.canonicalName] = field.value
            }
            let answer = await handler.handle(WebhookRequest(method: request.method.rawValue, path: path, headers: headers,
                                                             body: Array(buffer: body)))
            return Self.response(answer)
        }
        self.address = address
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let timeout = TimeAmount.nanoseconds(Int64(readTimeout.components.seconds) * 1_000_000_000 + readTimeout.components.attoseconds / 1_000_000_000)
        application = Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: timeout)),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "sluice-notification-controller"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: serverLogger)
    }

    private static func response(_ answer: WebhookAnswer) -> Response {
        Response(status: .init(code: answer.status), headers: [.contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: answer.message + "\n")))
    }

    public func run() async throws {
        try await ListenerError.naming(flag: "--receiver-addr", address: address) { try await application.run() }
    }
}
