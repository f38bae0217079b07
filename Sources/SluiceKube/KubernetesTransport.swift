import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SluiceCore

/// The HTTP exchange with one API server: base URL, TLS, credentials, rate limit, `429` retries and error mapping.
///
/// Shared by a ``KubernetesClient`` and its ``RESTMapper``.
final class KubernetesTransport: Sendable {
    /// The configuration the client was made from.
    let configuration: ClientConfiguration
    /// How many times a `429` is retried after its `Retry-After` before it is thrown.
    let maxRetries: Int

    private let logger: Logger
    private let http: HTTPClient
    private let tls: TLSConfiguration?
    private let baseURL: String
    private let limiter: RateLimiter
    private let credentials: CredentialProvider
    /// Whom every request acts as (`Impersonate-*` headers), if anyone: the kubeconfig's `as`, or a controller's tenant.
    let impersonation: ImpersonatedUser?

    /// A transport for `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: Where the server is and how to reach it.
    ///   - logger: Where request summaries go (at `debug`); never credentials.
    ///   - maxRetries: How many times a `429` is retried after its `Retry-After` before it is thrown.
    init(configuration: ClientConfiguration, logger: Logger = Logger(label: "sluice.kube"), maxRetries: Int = 5) throws {
        self.configuration = configuration
        self.logger = logger
        self.maxRetries = maxRetries
        var server = configuration.server
        while server.hasSuffix("/") { server.removeLast() }
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw KubeConfigError(file: nil, "server \"\(configuration.displayServer)\" is not an http(s) URL (\(configuration.source))")
        }
        baseURL = server
        tls = scheme == "https" ? try Self.makeTLS(configuration) : nil
        http = Self.sharedHTTPClient
        limiter = RateLimiter(qps: configuration.qps, burst: configuration.burst)
        credentials = CredentialProvider(configuration.credentials)
        impersonation = configuration.impersonation
    }

    /// A transport like `base` (same server, TLS, credentials, rate limit) whose every request impersonates `impersonation`.
    init(impersonating impersonation: ImpersonatedUser, base: KubernetesTransport) {
        configuration = base.configuration
        logger = base.logger
        maxRetries = base.maxRetries
        baseURL = base.baseURL
        tls = base.tls
        http = base.http
        limiter = base.limiter
        credentials = base.credentials
        self.impersonation = impersonation
    }

    /// One HTTP client for the process, never shut down.
    ///
    /// Connections are pooled by host and TLS configuration. Reads have no
    /// timeout (a watch stays quiet for minutes). Each HTTP/1 watch holds a
    /// connection for its lifetime, so the per-host limit is far above
    /// AsyncHTTPClient's default of 8, which would starve ordinary requests
    /// behind a controller's watches; HTTPS servers may multiplex over HTTP/2.
    /// A connection that cannot be established (refused, TLS rejected) fails
    /// the request at once instead of being retried until the connect timeout:
    /// callers and informers retry with their own back-off.
    private static let sharedHTTPClient: HTTPClient = {
        var config = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(15), read: nil))
        config.httpVersion = .automatic
        config.connectionPool = .init(idleTimeout: .seconds(90), concurrentHTTP1ConnectionsPerHostSoftLimit: 1024)
        config.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: config)
    }()

    static func makeTLS(_ configuration: ClientConfiguration) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let ca = configuration.certificateAuthorityPEM {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            } catch {
                throw KubeConfigError(file: nil, "invalid certificate-authority (\(configuration.source)): \(error)")
            }
        }
        if let cert = configuration.clientCertificatePEM, let key = configuration.clientKeyPEM {
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(cert).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            } catch {
                throw KubeConfigError(file: nil, "invalid client-certificate or client-key (\(configuration.source)): \(error)")
            }
        }
        if configuration.insecureSkipTLSVerify {
            tls.certificateVerification = .none
        } else if configuration.tlsServerName != nil {
            // The transport verifies the URL's host; with tls-server-name the chain is still verified against the CA.
            tls.certificateVerification = .noHostnameVerification
        }
        return tls
    }

    /// A response with its whole body.
    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Sends a request after the rate limiter allows it; retries `429`s after `Retry-After`.
    func send(method: HTTPMethod, path: String, query: QueryItems = QueryItems(), body: [UInt8]? = nil,
              contentType: String? = nil, accept: String = "application/json") async throws -> Reply
    {
        var attempt = 0
        var reauthenticated = false
        while true {
            try await limiter.acquire()
            let request = try await makeRequest(method: method, path: path, query: query, body: body, contentType: contentType, accept: accept)
            let response = try await http.execute(request, deadline: .now() + .seconds(120), logger: nil)
            let bytes = try await response.body.collect(upTo: 256 << 20)
            let status = Int(response.status.code)
            logger.debug("kube request", metadata: ["method": "\(method.rawValue)", "path": "\(path)", "status": "\(status)"])
            if status == 429, attempt < maxRetries {
                attempt += 1
                let error = KubernetesError.from(statusCode: status, body: Array(buffer: bytes), retryAfter: response.headers.first(name: "Retry-After"))
                var delay = 1.0
                if case .tooManyRequests(_, let retryAfter) = error, let retryAfter { delay = retryAfter }
                try await Task.sleep(for: .seconds(min(max(delay, 0), 60)))
                continue
            }
            if status == 401, !reauthenticated, configuration.credentials.isRenewable {
                reauthenticated = true
                await credentials.invalidate()
                continue
            }
            return Reply(status: status, headers: response.headers, body: Array(buffer: bytes))
        }
    }

    /// Sends a request and returns its JSON body, throwing a ``KubernetesError`` for non-2xx responses.
    func requestJSON(method: HTTPMethod, path: String, query: QueryItems = QueryItems(), body: JSONValue? = nil,
                     contentType: String? = nil) async throws -> JSONValue
    {
        let reply = try await send(method: method, path: path, query: query,
                                   body: body.map { JSONSerializer().bytes($0) },
                                   contentType: body == nil ? nil : (contentType ?? "application/json"))
        guard (200..<300).contains(reply.status) else {
            throw KubernetesError.from(statusCode: reply.status, body: reply.body, retryAfter: reply.headers.first(name: "Retry-After"))
        }
        do {
            return try JSONParser().parse(reply.body)
        } catch {
            throw KubernetesError.other(code: reply.status, "\(method.rawValue) \(path): \(error)")
        }
    }

    /// Builds a request with the base URL, credentials, User-Agent and per-request TLS.
    func makeRequest(method: HTTPMethod, path: String, query: QueryItems, body: [UInt8]?, contentType: String?,
                     accept: String) async throws -> HTTPClientRequest
    {
        var request = HTTPClientRequest(url: baseURL + path + query.string)
        request.method = method
        request.tlsConfiguration = tls
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: accept)
        if let authorization = try await credentials.authorization() {
            request.headers.add(name: "Authorization", value: authorization)
        }
        for header in impersonation?.headers ?? [] { request.headers.add(name: header.name, value: header.value) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType ?? "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    /// Starts a request whose body is streamed (watches): rate-limited, authenticated, no deadline.
    func stream(path: String, query: QueryItems) async throws -> HTTPClientResponse {
        try await limiter.acquire()
        let request = try await makeRequest(method: .GET, path: path, query: query, body: nil, contentType: nil, accept: "application/json")
        return try await http.execute(request, deadline: .distantFuture, logger: nil)
    }
}
