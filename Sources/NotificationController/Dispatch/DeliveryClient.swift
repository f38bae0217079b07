import SluiceStore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Sends provider requests over HTTP(S) with the provider's timeout, proxy and CA, retrying connection errors, 429 and 5xx with back-off.
public final class DeliveryClient: Sendable {
    /// The retry policy.
    public let policy: DeliveryPolicy
    private let direct: HTTPClient
    private let proxied = Mutex([String: HTTPClient]())
    private let logger: Logger

    /// A client; call ``shutdown()`` when done.
    public init(policy: DeliveryPolicy = DeliveryPolicy(), logger: Logger) {
        self.policy = policy
        self.logger = logger
        direct = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: Self.configuration(proxy: nil))
    }

    private static func configuration(proxy: HTTPClient.Configuration.Proxy?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .follow(max: 3, allowCycles: false),
                                                     timeout: .init(connect: .seconds(10), read: nil))
        configuration.proxy = proxy
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Sends `request` until it is delivered, refused for good, or out of attempts.
    public func send(_ request: ProviderRequest, settings: ProviderSettings) async -> DeliveryResult {
        let client: HTTPClient
        var tls: TLSConfiguration?
        do {
            client = try self.client(proxy: settings.proxy)
            if let ca = settings.caCertificate {
                var configuration = TLSConfiguration.makeClientConfiguration()
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))
                tls = configuration
            }
        } catch {
            return DeliveryResult(outcome: .failed, attempts: 0, error: "\(error)")
        }
        var attempt = 0
        var last = DeliveryResult(outcome: .failed, attempts: 0)
        while attempt < policy.maxAttempts {
            attempt += 1
            var outgoing = HTTPClientRequest(url: request.url)
            outgoing.method = HTTPMethod(rawValue: request.method)
            for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
            outgoing.tlsConfiguration = tls
            do {
                let response = try await client.execute(outgoing, timeout: .nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000
                                                                                          + settings.timeout.components.attoseconds / 1_000_000_000))
                let answer = try? await response.body.collect(upTo: 64 << 10)
                let status = Int(response.status.code)
                if (200..<300).contains(status) { return DeliveryResult(outcome: .delivered, attempts: attempt, statusCode: status) }
                let text = answer.map { String(buffer: $0) }.map { $0.count > 200 ? String($0.prefix(200)) : $0 } ?? ""
                last = DeliveryResult(outcome: .failed, attempts: attempt, statusCode: status,
                                      error: "HTTP \(status)" + (text.isEmpty ? "" : ": \(text)"))
                if !DeliveryPolicy.isRetryable(status: status) { return last }
            } catch {
                last = DeliveryResult(outcome: .failed, attempts: attempt, error: "\(error)")
            }
            if attempt < policy.maxAttempts {
                // The host only: a Provider's address is a secret (a Slack or Teams webhook URL carries its token in the path).
                logger.debug("delivery failed, retrying", metadata: ["host": "\(URL(string: request.url)?.host ?? "?")", "error": "\(last.error ?? "")"])
                do { try await Task.sleep(for: policy.backoff(after: attempt)) } catch { return last }
            }
        }
        return last
    }

    /// The client for `proxy`: the shared direct one, or one per proxy URL.
    private func client(proxy: String?) throws -> HTTPClient {
        guard let proxy, !proxy.isEmpty else { return direct }
        return try proxied.withLock { clients in
            if let client = clients[proxy] { return client }
            guard let url = URL(string: proxy), let host = url.host else { throw ProviderError.invalidAddress(proxy) }
            let port = url.port ?? (url.scheme == "https" ? 443 : 80)
            let authorization = url.user.map { HTTPClient.Authorization.basic(username: $0, password: url.password ?? "") }
            let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
                                    configuration: Self.configuration(proxy: .server(host: host, port: port, authorization: authorization)))
            clients[proxy] = client
            return client
        }
    }

    /// Closes every connection.
    public func shutdown() async {
        try? await direct.shutdown()
        for client in proxied.withLock({ Array($0.values) }) { try? await client.shutdown() }
    }
}
