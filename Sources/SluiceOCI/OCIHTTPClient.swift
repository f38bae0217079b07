import AsyncHTTPClient
import NIOCore
import NIOPosix

/// The process's HTTP client for registries, made once and never shut down (as ``HTTPClient/shared``), but
/// configured for registries: a connection or TLS failure is reported at once instead of retried until the
/// deadline, and redirects (blob storage) are followed at most 5 times, `Authorization` dropped when one leaves the origin.
public enum OCIHTTPClient {
    /// The client.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 5, allowCycles: false),
                                                     timeout: .init(connect: .seconds(30), read: nil))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()
}
