import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird router served on a listen address as a service: what every controller's HTTP server shares.
///
/// The server's own logs are kept at `notice` and above so request lines do not flood a controller's log.
public struct RouterService: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let flag: String
    private let address: ListenAddress

    /// Serves `router` on `address`, chosen by `flag` (named when the address cannot be bound); `onListening` gets the
    /// bound port (the kernel's choice for port 0).
    public init(router: Router<BasicRequestContext>, address: ListenAddress, flag: String, serverName: String, logger: Logger,
                onListening: @escaping @Sendable (Int) async -> Void = { _ in })
    {
        self.flag = flag
        self.address = address
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        application = Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: serverName),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? address.port) },
            logger: serverLogger)
    }

    public func run() async throws {
        try await ListenerError.naming(flag: flag, address: address) { try await application.run() }
    }
}
