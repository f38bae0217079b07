import NIOCore
import NIOHTTPTypes

/// A channel handler of the webhook server's HTTP/1 pipeline that bounds how long a client may take and what it may leave
/// unread.
///
/// Each request must arrive whole — request line, headers and body — within ``requestTimeout`` of the connection opening or
/// the previous answer, or the connection is closed: unlike an idle timeout, a byte now and then does not extend it. An
/// answer written before its request finished arriving (404 for a path not served, 413, 503) half-closes the connection once
/// written: the client reads the answer and an end of stream (closing at once would reset the connection under a client
/// still sending, and it could lose the answer), what it still sends is read and dropped, never kept, and the connection is
/// closed when the client closes it or at the deadline, whichever comes first.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long one request may take to arrive.
    let requestTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var requestComplete = false
    private var answeredEarly = false

    init(requestTimeout: TimeAmount) { self.requestTimeout = requestTimeout }

    func handlerAdded(context: ChannelHandlerContext) { arm(context) }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestComplete = false
            if deadline == nil { arm(context) }
        case .body:
            break
        case .end:
            requestComplete = true
            if !answeredEarly {
                deadline?.cancel()
                deadline = nil
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else {
            context.write(data, promise: promise)
            return
        }
        if requestComplete && !answeredEarly {
            // The next request on this connection gets its own deadline.
            context.write(data, promise: promise)
            arm(context)
        } else {
            answeredEarly = true
            if deadline == nil { arm(context) }
            let written = promise ?? context.eventLoop.makePromise(of: Void.self)
            let channel = context.channel
            written.futureResult.whenComplete { _ in channel.close(mode: .output, promise: nil) }
            context.write(data, promise: written)
        }
    }

    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: requestTimeout) { channel.close(promise: nil) }
    }
}
