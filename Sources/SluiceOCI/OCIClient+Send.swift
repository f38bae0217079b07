import AsyncHTTPClient
import Foundation
import NIOCore
import Logging
import NIOHTTP1

extension OCIClient {
    /// The access a request needs, for the token scope.
    enum Scope: String {
        case pull = "pull"
        case push = "pull,push"
    }

    /// A response whose status was accepted; its body not yet read.
    struct Reply {
        var response: HTTPClientResponse

        /// The body, at most `limit` bytes (more is `.tooLarge`).
        func collect(_ reference: OCIReference, limit: Int64, what: String = "response") async throws(OCIError) -> [UInt8] {
            do {
                let buffer = try await response.body.collect(upTo: Int(clamping: limit))
                return Array(buffer.readableBytesView)
            } catch let error as NIOTooManyBytesError {
                _ = error
                throw OCIError(.tooLarge, reference: reference.description, "\(what) exceeds the limit of \(limit) bytes")
            } catch {
                throw OCIError(.transport, reference: reference.description, "reading \(what): \(error)")
            }
        }
    }

    /// `https://HOST/v2/REPOSITORY` (`http` when insecure); `/v2/` alone for a ping (empty `path`).
    func baseURL(_ reference: OCIReference) -> String {
        "\(options.insecure ? "http" : "https")://\(reference.apiHost)/v2/"
    }

    /// Sends a request to `/v2/<repository><path>` (or `/v2/` when `path` is empty).
    func send(_ reference: OCIReference, _ method: HTTPMethod, path: String, scope: Scope, body: [UInt8]? = nil,
              headers: [(String, String)] = [], accepting: Set<UInt> = [200]) async throws(OCIError) -> Reply
    {
        let url = path.isEmpty ? baseURL(reference) : baseURL(reference) + reference.repository + path
        return try await send(reference, method, location: url, scope: scope, body: body, headers: headers, accepting: accepting)
    }

    /// Sends a request to `location` (absolute, or a path on the registry), answering one `401` challenge.
    func send(_ reference: OCIReference, _ method: HTTPMethod, location: String, scope: Scope, body: [UInt8]? = nil,
              headers: [(String, String)] = [], accepting: Set<UInt> = [200]) async throws(OCIError) -> Reply
    {
        let root = "\(options.insecure ? "http" : "https")://\(reference.apiHost)"
        let url = location.hasPrefix("/") ? root + location : location
        let cacheKey = "\(reference.apiHost) \(reference.repository) \(scope.rawValue)"
        var authorization = tokens[cacheKey]
        var challenged = false
        while true {
            var request = HTTPClientRequest(url: url)
            request.method = method
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let authorization { request.headers.replaceOrAdd(name: "Authorization", value: authorization) }
            if let body {
                request.body = .bytes(ByteBuffer(bytes: body))
                request.headers.replaceOrAdd(name: "Content-Length", value: "\(body.count)")
            }
            request.tlsConfiguration = tls
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: .now() + .nanoseconds(Self.nanoseconds(options.timeout)), logger: nil)
            } catch is CancellationError {
                throw OCIError(.timeout, reference: reference.description, "cancelled")
            } catch let error as HTTPClientError where error == .deadlineExceeded {
                // The request's own deadline is the operation's timeout: the same failure as the outer bound, in the same words.
                throw OCIError(.timeout, reference: reference.description, "no answer within \(options.timeout)")
            } catch {
                throw OCIError(.transport, reference: reference.description, "\(method) \(Self.redacted(url)): \(error)")
            }
            logger.debug("registry request", metadata: ["method": "\(method)", "url": "\(Self.redacted(url))", "status": "\(response.status.code)"])
            let status = response.status.code
            if accepting.contains(status) { return Reply(response: response) }
            if status == 401, !challenged, let header = response.headers.first(name: "WWW-Authenticate"),
                let challenge = AuthChallenge(header: header)
            {
                _ = try? await response.body.collect(upTo: 64 << 10)
                challenged = true
                authorization = try await answer(challenge, reference: reference, scope: scope)
                tokens[cacheKey] = authorization
                continue
            }
            throw await failure(response, reference: reference, method: method, url: url)
        }
    }

    /// The `Authorization` value answering `challenge`: Basic with the credentials, or a Bearer token from the realm
    /// (asked with the credentials when there are some, anonymously otherwise).
    func answer(_ challenge: AuthChallenge, reference: OCIReference, scope: Scope) async throws(OCIError) -> String {
        switch challenge.scheme {
        case "basic":
            guard let credentials = options.credentials else {
                throw OCIError(.unauthorized, reference: reference.description, "the registry requires credentials and none were given")
            }
            return "Basic " + Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
        case "bearer":
            guard let realm = challenge.parameters["realm"], var components = URLComponents(string: realm),
                components.scheme == "https" || components.scheme == "http", components.host != nil
            else { throw OCIError(.unauthorized, reference: reference.description, "Bearer challenge without a valid realm") }
            var query = components.queryItems ?? []
            if let service = challenge.parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
            query.append(URLQueryItem(name: "scope", value: challenge.parameters["scope"] ?? "repository:\(reference.repository):\(scope.rawValue)"))
            components.queryItems = query
            guard let tokenURL = components.string else {
                throw OCIError(.unauthorized, reference: reference.description, "Bearer challenge without a valid realm")
            }
            var request = HTTPClientRequest(url: tokenURL)
            if let credentials = options.credentials {
                request.headers.add(name: "Authorization",
                                    value: "Basic " + Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString())
            }
            request.tlsConfiguration = tls
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, deadline: .now() + .nanoseconds(Self.nanoseconds(options.timeout)), logger: nil)
            } catch {
                throw OCIError(.transport, reference: reference.description, "token request to \(Self.redacted(realm)): \(error)")
            }
            let bytes = try await Reply(response: response).collect(reference, limit: 1 << 20, what: "token response")
            guard response.status.code == 200 else {
                let reason = response.status.code == 401 || response.status.code == 403 ? OCIError.Kind.unauthorized : .registry
                throw OCIError(reason, reference: reference.description,
                               "token request to \(Self.redacted(realm)) failed: HTTP \(response.status.code)"
                                   + (options.credentials == nil ? "" : " (credentials refused)"))
            }
            struct TokenAnswer: Decodable {
                var token: String?
                var access_token: String?
            }
            guard let answer = try? JSONDecoder().decode(TokenAnswer.self, from: Data(bytes)),
                let token = answer.token ?? answer.access_token, !token.isEmpty
            else { throw OCIError(.unauthorized, reference: reference.description, "token response from \(Self.redacted(realm)) holds no token") }
            return "Bearer \(token)"
        default:
            throw OCIError(.unauthorized, reference: reference.description, "unsupported authentication scheme '\(challenge.scheme)'")
        }
    }

    /// The typed error for a refused request, with the registry's own error code and message when it gave them.
    func failure(_ response: HTTPClientResponse, reference: OCIReference, method: HTTPMethod, url: String) async -> OCIError {
        let status = response.status.code
        var detail = ""
        if method != .HEAD, let buffer = try? await response.body.collect(upTo: 64 << 10) {
            struct Errors: Decodable {
                struct Entry: Decodable {
                    var code: String?
                    var message: String?
                }
                var errors: [Entry]?
            }
            if let first = (try? JSONDecoder().decode(Errors.self, from: Data(buffer.readableBytesView)))?.errors?.first {
                detail = ": " + [first.code, first.message].compactMap { $0 }.joined(separator: " ")
            }
        }
        let kind: OCIError.Kind = switch status {
        case 401, 403: .unauthorized
        case 404: .notFound
        default: .registry
        }
        let lead = kind == .unauthorized
            ? (options.credentials == nil ? "unauthorized (no credentials given)" : "unauthorized (credentials refused)")
            : "HTTP \(status)"
        return OCIError(kind, reference: reference.description, "\(method) \(Self.redacted(url)): \(lead)\(detail)")
    }

    /// `url` without its query (upload locations carry session state) and without user info.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "(url)" }
        components.query = nil
        components.user = nil
        components.password = nil
        return components.string ?? "(url)"
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds.multipliedReportingOverflow(by: 1_000_000_000).overflow ? .max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
