import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1

/// Posts webhooks to the receiver server as the services do, signing them as each signs.
enum WebhookClient {
    /// Sends `body` with `headers` by `method` to `url`; returns the status and text.
    static func send(_ url: String, method: HTTPMethod = .POST, headers: [(String, String)] = [], body: [UInt8]) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: text))
    }

    /// `sha256=<hex>` of `body` keyed with `token`.
    static func sha256Signature(_ body: [UInt8], token: String) -> String {
        "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(token.utf8))).map { String(format: "%02x", $0) }.joined()
    }
}
