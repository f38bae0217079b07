import Foundation
import Logging
import NotificationController
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing

/// Random bodies, headers, methods and paths thrown at the webhook handler of every receiver type: it never crashes and
/// answers only from the allowed set; an unsigned request is never accepted.
@Suite("Webhook handler fuzz")
struct HandlerFuzzTests {
    @Test("10,000 random requests: no crash, only allowed answers, no accepted forgery")
    func fuzz() async throws {
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let index = ReceiverIndex()
        var paths: [String] = []
        var receivers: [Receiver] = []
        for type in ReceiverReconciler.supportedTypes.sorted() {
            let receiver = Receiver(metadata: ObjectMeta(name: type, namespace: "default"),
                                    spec: ReceiverSpec(type: type, events: type == "github" ? ["push"] : nil,
                                                       resources: [CrossNamespaceObjectReference(kind: "GitRepository", name: "app")],
                                                       secretRef: LocalObjectReference(name: "token")))
            let path = WebhookPath.make(token: "t0ken", name: type, namespace: "default")
            index.serve(receiver, token: "t0ken", path: path)
            paths.append(path)
            receivers.append(receiver)
        }
        let api = try RefusingKubernetesAPI(receivers: receivers, token: "t0ken")
        let handler = ReceiverHandler(index: index, requester: ReconcileRequester(api: api, logger: logger), logger: logger)
        var random = SplitMix(state: 0x5EED)
        let headerNames = ["X-Hub-Signature-256", "X-Hub-Signature", "X-GitHub-Event", "X-Gitlab-Token", "X-Gitlab-Event", "X-Event-Key",
                           "X-Signature", "Authorization", "Content-Type", "Content-Length"]
        let fragments = ["sha256=", "sha1=", "sha512=", "=", "push", "ping", "Push Hook", "t0ken", "{", "}", "\u{0}", "é", "\"", "[", "diagnostics:ping"]
        func randomText(_ random: inout SplitMix) -> String {
            (0..<Int.random(in: 0...6, using: &random)).map { _ in
                Bool.random(using: &random) ? fragments.randomElement(using: &random)! : String(UInt64.random(in: 0...UInt64.max, using: &random), radix: 16)
            }.joined()
        }
        var statuses: [Int: Int] = [:]
        for _ in 0..<10_000 {
            var headers: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                headers[headerNames.randomElement(using: &random)!] = randomText(&random)
            }
            var body: [UInt8]
            switch Int.random(in: 0...3, using: &random) {
            case 0: body = (0..<Int.random(in: 0...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1: body = Array(randomText(&random).utf8)
            case 2: body = Array(#"{"after":"\#(randomText(&random))","changes":[{"toHash":1}]}"#.utf8)
            default: body = Array(String(repeating: "[", count: Int.random(in: 1...2_000, using: &random)).utf8)
            }
            let path = Int.random(in: 0...9, using: &random) < 8 ? paths.randomElement(using: &random)! : "/hook/" + randomText(&random)
            let method = ["POST", "POST", "POST", "GET", "PUT", "DELETE", "PATCH"].randomElement(using: &random)!
            let answer = await handler.handle(WebhookRequest(method: method, path: path, headers: headers, body: body))
            #expect(WebhookAnswer.allowedStatuses.contains(answer.status), "\(answer)")
            statuses[answer.status, default: 0] += 1
            // Only the types that trust the path alone may get as far as the (empty) API.
            if answer.message.hasPrefix("reconciliation requested") {
                #expect(path.isEmpty == false)
            }
        }
        #expect(statuses[401, default: 0] > 0 && statuses[404, default: 0] > 0 && statuses[405, default: 0] > 0)
        #expect(statuses[500] == nil)
    }

    @Test("random bytes and random requests over real sockets: the server answers only from the allowed set and keeps serving")
    func socketFuzz() async throws {
        var logger = Logger(label: "fuzz")
        logger.logLevel = .critical
        let index = ReceiverIndex()
        let receiver = Receiver(metadata: ObjectMeta(name: "github", namespace: "default"),
                                spec: ReceiverSpec(type: "github", resources: [CrossNamespaceObjectReference(kind: "GitRepository", name: "app")],
                                                   secretRef: LocalObjectReference(name: "token")))
        let path = WebhookPath.make(token: "t0ken", name: "github", namespace: "default")
        index.serve(receiver, token: "t0ken", path: path)
        let api = try RefusingKubernetesAPI(receivers: [receiver], token: "t0ken")
        let handler = ReceiverHandler(index: index, requester: ReconcileRequester(api: api, logger: logger), logger: logger)
        let ports = AsyncStream<Int>.makeStream()
        let server = ReceiverServer(address: ListenAddress(host: "127.0.0.1", port: 0), handler: handler, readTimeout: .seconds(2),
                                    logger: logger) { ports.continuation.yield($0) }
        let task = Task { try await server.run() }
        defer { task.cancel() }
        var iterator = ports.stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        var random = SplitMix(state: 0xF00D)
        let methods = ["POST", "GET", "PUT", "DELETE", "OPTIONS", "BREW", ""]
        for round in 0..<300 {
            let connection = try RawConnection(port: port)
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = (0..<Int.random(in: 1...2_048, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                let body = (0..<Int.random(in: 0...256, using: &random)).map { _ in UInt8.random(in: 32...126, using: &random) }
                let target = Bool.random(using: &random) ? path : "/hook/\(UInt32.random(in: 0...UInt32.max, using: &random))"
                var head = "\(methods.randomElement(using: &random)!) \(target) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                if Bool.random(using: &random) { head += "X-Hub-Signature-256: sha256=\(UInt64.random(in: 0...UInt64.max, using: &random))\r\n" }
                if Bool.random(using: &random) { head += "Content-Length: \(body.count)\r\n" }
                bytes = Array((head + "\r\n").utf8) + body
            }
            connection.send(bytes)
            connection.finishSending()
            let answer = String(decoding: await connection.readUntilClosed(), as: UTF8.self)
            if answer.hasPrefix("HTTP/1.1 ") {
                let status = Int(answer.dropFirst(9).prefix(3)) ?? 0
                #expect(WebhookAnswer.allowedStatuses.contains(status) || status == 431, "\(answer.prefix(40))")
            }
        }
        // Still serving.
        let alive = try RawConnection(port: port)
        alive.send(Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        let answer = String(decoding: await alive.readUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 405"))
    }

    @Test("4,000 correctly signed random payloads for every receiver type: every payload parser runs on hostile bytes without trapping")
    func signedPayloadFuzz() async throws {
        var random = SplitMix(state: 0xC0FFEE)
        let token = "t0ken"
        let fragments = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "d800", "after", "checkout_sha", "changes", "toHash", "null",
                         "true", "1e999999", "-0", "0x", "é", "\u{0}", " ", "\n", "push"]
        func payload(_ random: inout SplitMix) -> [UInt8] {
            switch Int.random(in: 0...3, using: &random) {
            case 0: return (0..<Int.random(in: 0...1_024, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            case 1: return Array((0..<Int.random(in: 0...64, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined().utf8)
            case 2:
                let depth = Int.random(in: 1...5_000, using: &random)
                return Array((String(repeating: "{\"a\":[", count: depth) + String(repeating: "]}", count: Int.random(in: 0...depth, using: &random))).utf8)
            default:
                let value = (0..<Int.random(in: 0...20, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined()
                return Array(#"{"after":"\#(value)","checkout_sha":\#(value),"changes":[{"toHash":"\#(value)"}]}"#.utf8)
            }
        }
        var verdicts: [String: Int] = [:]
        for _ in 0..<4_000 {
            let body = payload(&random)
            let signature = WebhookClient.sha256Signature(body, token: token)
            for type in ReceiverReconciler.supportedTypes.sorted() {
                let headers = ["X-Hub-Signature-256": signature, "X-Hub-Signature": signature, "X-Signature": signature, "X-Gitlab-Token": token,
                               "Authorization": token, "X-GitHub-Event": "push", "X-Gitlab-Event": "Push Hook", "X-Event-Key": "repo:refs_changed"]
                let verdict = WebhookVerifier.verify(WebhookRequest(method: "POST", path: "/hook/x", headers: headers, body: body), type: type, token: token,
                                                     events: [])
                switch verdict {
                case .accept: verdicts["accept", default: 0] += 1
                case .badRequest: verdicts["badRequest", default: 0] += 1
                case .ignore: verdicts["ignore", default: 0] += 1
                case .unauthorized(let reason): Issue.record("a correctly signed request was refused for \(type): \(reason)")
                }
            }
        }
        #expect(verdicts["accept", default: 0] > 0 && verdicts["badRequest", default: 0] > 0)
    }

    @Test("signatures: HMAC by algorithm, constant-time token comparison, filters")
    func verifier() async throws {
        let body = Array(#"{"after":"abc"}"#.utf8)
        func request(_ headers: [String: String]) -> WebhookRequest { WebhookRequest(method: "POST", path: "/hook/x", headers: headers, body: body) }
        let signature = WebhookClient.sha256Signature(body, token: "k")
        #expect(WebhookVerifier.verify(request(["X-Hub-Signature-256": signature, "X-GitHub-Event": "push"]), type: "github", token: "k", events: ["push"])
                == .accept(commit: "abc"))
        #expect(WebhookVerifier.verify(request(["X-Hub-Signature-256": signature, "X-GitHub-Event": "issues"]), type: "github", token: "k", events: ["push"])
                == .ignore("event 'issues' is not handled by this receiver"))
        #expect(WebhookVerifier.verify(request(["X-Hub-Signature-256": String(signature.dropLast()) + (signature.hasSuffix("0") ? "1" : "0")]), type: "github", token: "k", events: [])
                == .unauthorized("invalid X-Hub-Signature-256"))
        #expect(WebhookVerifier.verify(request(["X-Hub-Signature-256": signature]), type: "github", token: "K", events: [])
                == .unauthorized("invalid X-Hub-Signature-256"))
        #expect(WebhookVerifier.verify(request(["X-Signature": signature]), type: "generic-hmac", token: "k", events: []) == .accept(commit: nil))
        #expect(WebhookVerifier.verify(request(["Authorization": "k"]), type: "harbor", token: "k", events: []) == .accept(commit: nil))
        #expect(WebhookVerifier.verify(request(["Authorization": "k2"]), type: "harbor", token: "k", events: []) == .unauthorized("invalid Authorization"))
        let expectedPath = "/hook/" + (try await "tokennamens".utf8.sha256Hex())
        #expect(WebhookPath.make(token: "token", name: "name", namespace: "ns") == expectedPath)
    }
}

extension String.UTF8View {
    /// The SHA-256 of these bytes, in hex (through the system's sha256sum, independent of the code under test).
    func sha256Hex() async throws -> String {
        try await Shell.run("/usr/bin/sha256sum", [], input: Data(self)).split(separator: " ").first.map(String.init) ?? ""
    }
}
