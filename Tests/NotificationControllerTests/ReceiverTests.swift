import Foundation
import NIOHTTP1
import NotificationController
import SluiceTestSupport
import Testing

/// Receivers served for real: signed GitHub, GitLab, Bitbucket and generic-hmac webhooks posted over loopback annotate the
/// GitRepository, as kubectl reads it; and the server's limits and answers.
@Suite("Receivers", .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built sluice and kubectl"),
       .serialized)
struct ReceiverTests {
    static let gitRepositories = """
                - kind: GitRepository
                  name: app
            """

    @Test("signed pushes from GitHub, GitLab, Bitbucket and generic-hmac request a reconcile; pings and other events do nothing")
    func signedPushes() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let receivers = try await bed.startReceivers()
        defer { receivers.stop() }
        try await bed.applyTokenSecret("webhook-token", token: "t0ken")
        try await bed.applyGitRepository("app")
        try await bed.applyGitRepository("labelled-a", labels: "{team: blue}")
        try await bed.applyGitRepository("labelled-b", labels: "{team: red}")

        // GitHub: X-Hub-Signature-256; ping answered; a "pull_request" event is not taken.
        let github = try await bed.applyReceiver("github", type: "github", secret: "webhook-token", events: ["push"], resources: Self.gitRepositories)
        let push = Array(ExamplePayloads.githubPush.utf8)
        let ping = try await WebhookClient.send(receivers.url(github), headers: [
            ("X-GitHub-Event", "ping"), ("X-Hub-Signature-256", WebhookClient.sha256Signature(Array(ExamplePayloads.githubPing.utf8), token: "t0ken")),
        ], body: Array(ExamplePayloads.githubPing.utf8))
        #expect(ping.status == 200)
        let other = try await WebhookClient.send(receivers.url(github), headers: [
            ("X-GitHub-Event", "pull_request"), ("X-Hub-Signature-256", WebhookClient.sha256Signature(push, token: "t0ken")),
        ], body: push)
        #expect(other.status == 200)
        #expect(try await bed.requestedAt("app") == "")
        let pushed = try await WebhookClient.send(receivers.url(github), headers: [
            ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", WebhookClient.sha256Signature(push, token: "t0ken")),
            ("Content-Type", "application/json"),
        ], body: push)
        #expect(pushed.status == 200, "\(pushed.text)")
        let first = try await eventually(timeout: .seconds(10)) { () -> String? in
            let value = try await bed.requestedAt("app")
            return value.isEmpty ? nil : value
        }
        // The same push delivered again at once coalesces: no second request.
        let again = try await WebhookClient.send(receivers.url(github), headers: [
            ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", WebhookClient.sha256Signature(push, token: "t0ken")),
        ], body: push)
        #expect(again.status == 200 && again.text.contains("0 object"))
        #expect(try await bed.requestedAt("app") == first)

        // GitLab: X-Gitlab-Token.
        let gitlab = try await bed.applyReceiver("gitlab", type: "gitlab", secret: "webhook-token", events: ["Push Hook"], resources: Self.gitRepositories)
        let gitlabAnswer = try await WebhookClient.send(receivers.url(gitlab), headers: [("X-Gitlab-Token", "t0ken"), ("X-Gitlab-Event", "Push Hook")],
                                                        body: Array(ExamplePayloads.gitlabPush.utf8))
        #expect(gitlabAnswer.status == 200, "\(gitlabAnswer.text)")
        try await eventually(timeout: .seconds(10)) { try await bed.requestedAt("app") != first }
        let second = try await bed.requestedAt("app")
        let wrongToken = try await WebhookClient.send(receivers.url(gitlab), headers: [("X-Gitlab-Token", "t0ke"), ("X-Gitlab-Event", "Push Hook")],
                                                      body: Array(ExamplePayloads.gitlabPush.utf8))
        #expect(wrongToken.status == 401)

        // Bitbucket Server: X-Hub-Signature (HMAC-SHA256) and X-Event-Key.
        let bitbucket = try await bed.applyReceiver("bitbucket", type: "bitbucket", secret: "webhook-token", events: ["repo:refs_changed"],
                                                    resources: Self.gitRepositories)
        let bitbucketBody = Array(ExamplePayloads.bitbucketPush.utf8)
        let bitbucketAnswer = try await WebhookClient.send(receivers.url(bitbucket), headers: [
            ("X-Event-Key", "repo:refs_changed"), ("X-Hub-Signature", WebhookClient.sha256Signature(bitbucketBody, token: "t0ken")),
        ], body: bitbucketBody)
        #expect(bitbucketAnswer.status == 200, "\(bitbucketAnswer.text)")
        try await eventually(timeout: .seconds(10)) { try await bed.requestedAt("app") != second }

        // generic-hmac with `*` and matchLabels: only the labelled repository that matches.
        let generic = try await bed.applyReceiver("generic", type: "generic-hmac", secret: "webhook-token", resources: """
                    - kind: GitRepository
                      name: "*"
                      matchLabels:
                        team: blue
            """)
        let genericBody = Array(#"{"anything":"goes"}"#.utf8)
        let genericAnswer = try await WebhookClient.send(receivers.url(generic), headers: [
            ("X-Signature", WebhookClient.sha256Signature(genericBody, token: "t0ken")),
        ], body: genericBody)
        #expect(genericAnswer.status == 200, "\(genericAnswer.text)")
        try await eventually(timeout: .seconds(10)) { try await bed.requestedAt("labelled-a") != "" }
        #expect(try await bed.requestedAt("labelled-b") == "")
    }

    @Test("limits and answers: 413, 401, 404, 405, 400, oversized headers and a slow client are cut off")
    func limits() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let receivers = try await bed.startReceivers(readTimeout: .seconds(1))
        defer { receivers.stop() }
        try await bed.applyTokenSecret("webhook-token", token: "t0ken")
        try await bed.applyGitRepository("app")
        let path = try await bed.applyReceiver("github", type: "github", secret: "webhook-token", resources: Self.gitRepositories)
        let url = receivers.url(path)

        // A declared body over 3 MiB is answered 413 from the headers alone. Sent raw: an HTTP client still uploading
        // the body when the server half-closes may see the connection closed before it reads the answer.
        let big = try RawConnection(port: receivers.port)
        big.send(Array("POST \(path) HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: push\r\nContent-Length: \((3 << 20) + 1)\r\n\r\n".utf8))
        let bigAnswer = String(decoding: await big.readUntilClosed(), as: UTF8.self)
        #expect(bigAnswer.hasPrefix("HTTP/1.1 413"), "\(bigAnswer.prefix(200))")
        #expect(try await WebhookClient.send(url, headers: [("X-GitHub-Event", "push")], body: Array("{}".utf8)).status == 401)
        #expect(try await WebhookClient.send(url, headers: [("X-Hub-Signature-256", "sha256=00")], body: Array("{}".utf8)).status == 401)
        #expect(try await WebhookClient.send(receivers.url("/hook/0000"), body: []).status == 404)
        #expect(try await WebhookClient.send(receivers.url("/"), body: []).status == 404)
        #expect(try await WebhookClient.send(url, method: .GET, body: []).status == 405)
        let malformed = Array("{not json".utf8)
        #expect(try await WebhookClient.send(url, headers: [
            ("X-GitHub-Event", "push"), ("X-Hub-Signature-256", WebhookClient.sha256Signature(malformed, token: "t0ken")),
        ], body: malformed).status == 400)
        #expect(try await bed.requestedAt("app") == "")

        // Headers over 256 KiB: the connection is closed without a success answer.
        let huge = try RawConnection(port: receivers.port)
        huge.send(Array("POST \(path) HTTP/1.1\r\nHost: x\r\nX-Filler: \(String(repeating: "b", count: 300 << 10))\r\n\r\n".utf8))
        let hugeAnswer = String(decoding: await huge.readUntilClosed(), as: UTF8.self)
        #expect(!hugeAnswer.hasPrefix("HTTP/1.1 200"))

        // A client that sends half a request and stops is closed after the read timeout.
        let slow = try RawConnection(port: receivers.port)
        slow.send(Array("POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{".utf8))
        let slowAnswer = await slow.readUntilClosed()
        #expect(!String(decoding: slowAnswer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
    }
}
