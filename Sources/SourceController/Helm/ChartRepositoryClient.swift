import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import NIOSSL

/// Downloads from an HTTP(S) chart repository as Helm's HTTP getter does: basic auth, a client certificate and CA,
/// `gzip` content encoding, redirects, a deadline for the whole exchange, and a bound on the bytes read.
///
/// Credentials go only to the repository's own scheme, host and port, on every hop of a redirect too, unless
/// `passCredentials` is set (Helm's `PassCredentialsAll`). Bodies are read up to `maxSize` bytes, decompressed;
/// more fails the download rather than filling memory.
struct ChartRepositoryClient: Sendable {
    /// Basic auth credentials.
    struct BasicAuth: Sendable {
        var username: String
        var password: String
    }

    /// The repository URL the credentials belong to.
    var repositoryURL: URL
    /// `spec.secretRef`'s user name and password, if any.
    var basicAuth: BasicAuth?
    /// Whether the credentials go to other hosts too (`spec.passCredentials`).
    var passCredentials: Bool
    /// The client TLS configuration (CA, client certificate), `nil` for the system's defaults.
    var tls: TLSConfiguration?
    /// The deadline of one download, redirects included (`spec.timeout`, default 60s).
    var timeout: Duration

    /// The most redirects followed, as Go's HTTP client.
    static let maxRedirects = 10

    /// One HTTP client for the process, never shut down: connections are pooled by host and TLS configuration.
    /// Redirects are followed here, not by the client, so that each hop is judged for credentials.
    private static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(30), read: nil))
        configuration.decompression = .enabled(limit: .none)  // the body is bounded by `collect(upTo:)` after decompression
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }()

    /// The body of `url`, at most `maxSize` bytes after decompression.
    ///
    /// - Throws: ``ChartRepositoryClientError`` for a status other than 200, a body over `maxSize`, too many
    ///   redirects or the deadline; transport errors as they come.
    func get(_ url: URL, maxSize: Int, what: String) async throws -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        return try await withThrowingTaskGroup(of: [UInt8].self) { group in
            group.addTask { try await follow(url, maxSize: maxSize, what: what) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                throw ChartRepositoryClientError("timeout after \(timeout) fetching \(what) from '\(Self.redacted(url))'")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    private func follow(_ start: URL, maxSize: Int, what: String) async throws -> [UInt8] {
        var url = start
        for _ in 0...Self.maxRedirects {
            var request = HTTPClientRequest(url: url.absoluteString)
            request.method = .GET
            request.headers.add(name: "Accept-Encoding", value: "gzip")
            request.headers.add(name: "User-Agent", value: "Helm/3 (Sluice source-controller)")
            if let basicAuth, passCredentials || Self.sameOrigin(url, repositoryURL) {
                let token = Data("\(basicAuth.username):\(basicAuth.password)".utf8).base64EncodedString()
                request.headers.add(name: "Authorization", value: "Basic \(token)")
            }
            if url.scheme == "https" { request.tlsConfiguration = tls }
            let response = try await Self.shared.execute(request, timeout: .hours(24))
            let status = Int(response.status.code)
            if [301, 302, 303, 307, 308].contains(status), let location = response.headers.first(name: "Location"),
                let next = URL(string: location, relativeTo: url)?.absoluteURL, ["http", "https"].contains(next.scheme ?? "")
            {
                url = next
                continue
            }
            guard status == 200 else {
                throw ChartRepositoryClientError("failed to fetch \(Self.redacted(url)) : \(status) \(response.status.reasonPhrase)")
            }
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxSize,
                response.headers.first(name: "Content-Encoding") == nil
            {
                throw ChartRepositoryClientError("\(what) exceeds the maximum size of \(maxSize) bytes")
            }
            do {
                return Array(buffer: try await response.body.collect(upTo: maxSize))
            } catch is NIOTooManyBytesError {
                throw ChartRepositoryClientError("\(what) exceeds the maximum size of \(maxSize) bytes")
            }
        }
        throw ChartRepositoryClientError("stopped after \(Self.maxRedirects) redirects fetching \(what)")
    }

    /// Whether two URLs have the same scheme, host and port: where credentials may go without `passCredentials`.
    static func sameOrigin(_ lhs: URL, _ rhs: URL) -> Bool {
        func port(_ url: URL) -> Int { url.port ?? (url.scheme == "https" ? 443 : 80) }
        return lhs.scheme?.lowercased() == rhs.scheme?.lowercased() && lhs.host?.lowercased() == rhs.host?.lowercased() && port(lhs) == port(rhs)
    }

    /// `url` without user information or query (a query may carry a signed token).
    static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "<invalid URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        return components.string ?? "<invalid URL>"
    }
}

/// A download from a chart repository that failed.
struct ChartRepositoryClientError: Error, CustomStringConvertible {
    /// What failed, without credentials.
    var description: String

    init(_ description: String) { self.description = description }
}
