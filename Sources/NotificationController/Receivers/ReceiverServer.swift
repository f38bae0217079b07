import Hummingbird
import HummingbirdCore
import Logging
import HTTPTypes
import NIOCore
import ServiceLifecycle
import SluiceRuntime

/// The webhook HTTP server (`--receiver-addr`), built to face the internet without authenticating anyone first.
///
/// A request is judged by its request line and headers before any of its body is read: a path no Receiver is served at is
/// answered 404, another method than POST 405, a declared body over ``maxBodySize`` 413, and the connection is half-closed:
/// whatever else the client sends is dropped unread until it closes or the deadline (``RequestDeadlineHandler``). A body is read only for a served path, counted against one budget for all
/// requests (``ReceiverServerLimits/maxBodyBytesInFlight``; beyond it 503 with `Retry-After`) and against ``maxBodySize``.
/// Each request must arrive whole within ``ReceiverServerLimits/requestTimeout`` however it trickles, a silent connection is
/// closed after ``ReceiverServerLimits/idleTimeout``, at most ``ReceiverServerLimits/maxConnections`` are served at once
/// (more wait in the listen backlog), and oversized headers close the connection (the HTTP parser's limit). So what a flood
/// of clients can make the process hold is bounded by the limits, not by the clients. Every request then goes to a
/// ``ReceiverHandler``.
public struct ReceiverServer: Service {
    /// The largest body accepted: 3 MiB, as Flux.
    public static let maxBodySize = 3 << 20
    private let application: Application<CallbackResponder<BasicRequestContext>>
    private let address: ListenAddress

    /// A server on `address` with `limits`; `onListening` gets the bound port.
    public init(address: ListenAddress, handler: ReceiverHandler, limits: ReceiverServerLimits = ReceiverServerLimits(), logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in })
    {
        let budget = BodyBudget(limit: limits.maxBodyBytesInFlight)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let path = request.uri.path
            // Decided from the request line and headers alone: no body is read for a path that is not served.
            guard path.hasPrefix("/hook/"), handler.index.entry(path: path) != nil else { return Self.response(WebhookAnswer(404, "not found")) }
            guard request.method == .post else { return Self.response(WebhookAnswer(405, "method not allowed")) }
            if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > Self.maxBodySize {
                return Self.response(WebhookAnswer(413, "request body too large"))
            }
            var body = ByteBuffer()
            var taken = 0
            defer { budget.give(taken) }
            for try await chunk in request.body {
                guard chunk.readableBytes <= Self.maxBodySize - body.readableBytes else {
                    return Self.response(WebhookAnswer(413, "request body too large"))
                }
                guard budget.take(chunk.readableBytes) else {
                    return Self.response(WebhookAnswer(503, "too many webhook requests in flight; retry later"), retryAfter: true)
                }
                taken += chunk.readableBytes
                body.writeImmutableBuffer(chunk)
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
        let requestTimeout = Self.timeAmount(limits.requestTimeout)
        application = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(requestTimeout: requestTimeout)],
                                                idleTimeout: Self.timeAmount(limits.idleTimeout))),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "sluice-notification-controller",
                                 availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: serverLogger)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: serverLogger)
    }

    /// A server on `address` whose connections may stay silent for `readTimeout`, with the other limits' defaults.
    public init(address: ListenAddress, handler: ReceiverHandler, readTimeout: Duration, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in })
    {
        self.init(address: address, handler: handler, limits: ReceiverServerLimits(idleTimeout: readTimeout), logger: logger,
                  onListening: onListening)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(Int64(duration.components.seconds) * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    private static func response(_ answer: WebhookAnswer, retryAfter: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if retryAfter { headers[.retryAfter] = "1" }
        return Response(status: .init(code: answer.status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: answer.message + "\n")))
    }

    public func run() async throws {
        try await ListenerError.naming(flag: "--receiver-addr", address: address) { try await application.run() }
    }
}
