import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

extension LocalCluster {
    /// What a raw request to the server presents in its `Authorization` header.
    public enum Authorization: Sendable {
        /// `Bearer TOKEN`, the server's token.
        case token
        /// No header.
        case none
        /// This header value, as given.
        case header(String)
    }

    /// TLS that trusts the cluster's CA only (as its kubeconfig does).
    public func tlsConfiguration() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificate.path))
        return tls
    }

    /// One request over HTTPS to the server (trusting its CA); returns the status and the whole body.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - path: The path with its query, such as `/api/v1/namespaces?limit=1`.
    ///   - body: The request body, sent with `contentType`.
    ///   - authorization: What to present; the token by default.
    public func http(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json",
                     authorization: Authorization = .token) async throws -> (status: Int, body: Data)
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.tlsConfiguration = try tlsConfiguration()
        request.headers.add(name: "Content-Type", value: contentType)
        switch authorization {
        case .token: request.headers.add(name: "Authorization", value: "Bearer \(token)")
        case .none: break
        case .header(let value): request.headers.add(name: "Authorization", value: value)
        }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 256 << 20)
        return (Int(response.status.code), Data(bytes.readableBytesView))
    }
}
