import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization
import Testing
@testable import SluiceOCI

/// The Bearer dance against a real HTTP listener (Hummingbird) playing a registry and its token service: the
/// challenge's realm, service and scope are asked for a token with the credentials (or anonymously), the token is
/// used and reused, and tag lists are followed across `Link` pages.
@Suite(.serialized)
struct OCIBearerTokenTests {
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
    }

    /// Starts the fake; `users` maps `user:password` to the token it earns; the anonymous token is `anon` and may read `public`.
    static func start(users: [String: String]) async throws -> (port: Int, log: Log, task: Task<Void, any Error>) {
        let log = Log()
        let portBox = Mutex(0)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let path = request.uri.path
            let authorization = request.headers[.authorization] ?? ""
            log.lines.withLock { $0.append("\(path)?\(request.uri.query ?? "") \(authorization)") }
            let port = portBox.withLock { $0 }
            func json(_ text: String, _ fields: HTTPFields = [:]) -> Response {
                var fields = fields
                fields[.contentType] = "application/json"
                return Response(status: .ok, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
            if path == "/token" {
                var token = "anon"
                if authorization.hasPrefix("Basic ") {
                    let decoded = Data(base64Encoded: String(authorization.dropFirst(6))).flatMap { String(data: $0, encoding: .utf8) } ?? ""
                    guard let earned = users[decoded] else { return Response(status: .unauthorized) }
                    token = earned
                }
                return json(#"{"token":"\#(token)"}"#)
            }
            let repository = path.hasPrefix("/v2/public/") ? "public" : "private"
            let allowed = authorization == "Bearer tok-ci" || (repository == "public" && authorization == "Bearer anon")
            guard allowed else {
                var fields = HTTPFields()
                fields[.wwwAuthenticate] = #"Bearer realm="http://127.0.0.1:\#(port)/token",service="fake",scope="repository:\#(repository):pull""#
                return Response(status: .unauthorized, headers: fields,
                                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#)))
            }
            if request.uri.query?.contains("last=b") == true { return json(#"{"name":"x","tags":["c"]}"#) }
            var fields = HTTPFields()
            fields[HTTPField.Name("Link")!] = #"</v2/\#(repository)/tags/list?n=2&last=b>; rel="next""#
            return json(#"{"name":"x","tags":["a","b"]}"#, fields)
        }
        var logger = Logger(label: "fake-registry")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(responder: responder, server: .http1(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let task = Task { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        let port = await iterator.next() ?? 0
        portBox.withLock { $0 = port }
        return (port, log, task)
    }

    @Test func credentialsEarnATokenThatIsReusedAndPagesAreFollowed() async throws {
        let (port, log, task) = try await Self.start(users: ["ci:pw": "tok-ci"])
        defer { task.cancel() }
        let client = try OCIClient(options: OCIClientOptions(credentials: OCICredentials(username: "ci", password: "pw"), insecure: true,
                                                             timeout: .seconds(30)), logger: Logger(label: "test"))
        let reference = try OCIReference(parsing: "oci://127.0.0.1:\(port)/private")
        #expect(try await client.listTags(reference) == ["a", "b", "c"])
        let lines = log.lines.withLock { $0 }
        #expect(lines.filter { $0.hasPrefix("/token?") }.count == 1, "one token for both pages: \(lines)")
        #expect(lines.contains { $0.hasPrefix("/token?service=fake&scope=repository:private:pull Basic ") })
        #expect(lines.last == "/v2/private/tags/list?n=2&last=b Bearer tok-ci")
    }

    @Test func anonymousTokensReadPublicRepositoriesAndRefusalsNameTheCause() async throws {
        let (port, _, task) = try await Self.start(users: ["ci:pw": "tok-ci"])
        defer { task.cancel() }
        let anonymous = try OCIClient(options: OCIClientOptions(insecure: true, timeout: .seconds(30)), logger: Logger(label: "test"))
        #expect(try await anonymous.listTags(try OCIReference(parsing: "oci://127.0.0.1:\(port)/public")) == ["a", "b", "c"])
        do {
            _ = try await anonymous.listTags(try OCIReference(parsing: "oci://127.0.0.1:\(port)/private"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .unauthorized)
            #expect(error.description.contains("UNAUTHORIZED authentication required"), "\(error)")
        }
        let wrong = try OCIClient(options: OCIClientOptions(credentials: OCICredentials(username: "ci", password: "wrong-pw-123"), insecure: true,
                                                            timeout: .seconds(30)), logger: Logger(label: "test"))
        do {
            _ = try await wrong.listTags(try OCIReference(parsing: "oci://127.0.0.1:\(port)/private"))
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .unauthorized)
            #expect(error.description.contains("credentials refused") && !error.description.contains("wrong-pw-123"), "\(error)")
        }
    }
}
