import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL

/// Starts a Hummingbird application on 127.0.0.1 with a kernel-chosen port, over HTTP or (with `tls`) HTTPS, for
/// the test servers (`GitHTTPServer`, `ChartRepositoryServer`).
enum LoopbackHTTPServer {
    /// Runs `responder` until the returned task is cancelled.
    ///
    /// - Returns: The bound port and the task running the application.
    static func start(responder: some HTTPResponder<BasicRequestContext>, tls: TLSCertificateFiles?, label: String) async throws
        -> (port: Int, task: Task<Void, any Error>)
    {
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let server: HTTPServerBuilder
        if let tls {
            let configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(tls.serverCertificate.path).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: tls.serverKey.path, format: .pem)))
            server = try .tls(.http1(), tlsConfiguration: configuration)
        } else {
            server = .http1()
        }
        let app = Application(
            responder: responder, server: server,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            task.cancel()
            throw ShellError(description: "the \(label) did not start")
        }
        return (port, task)
    }
}
