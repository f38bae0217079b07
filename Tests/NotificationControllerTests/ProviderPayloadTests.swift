import Crypto
import Foundation
import Logging
import NotificationController
import SluiceStore
import SluiceTestSupport
import Testing

/// Each provider's request, posted for real to a loopback listener: the payload shape each service documents, and the HMAC.
@Suite("Provider payloads")
struct ProviderPayloadTests {
    let logger = Logger(label: "provider-test")

    static func event(severity: EventSeverity = .info, revision: String? = "main@sha1:0123456789abcdef0123456789abcdef01234567") -> Event {
        Event(id: 7, involvedObject: InvolvedObject(kind: "Kustomization", namespace: "flux-system", name: "apps",
                                                    apiVersion: "kustomize.toolkit.fluxcd.io/v1"),
              severity: severity, timestamp: Date(timeIntervalSince1970: 1_700_000_000), message: "Applied revision <main>",
              reason: "ReconciliationSucceeded", metadata: revision.map { ["revision": $0] }, reportingController: "kustomize-controller")
    }

    /// Posts `event` through a provider of `type` to a fresh listener and returns what arrived.
    func post(_ type: String, path: String = "/hook", event: Event = ProviderPayloadTests.event(),
              settings: (String) -> ProviderSettings = { ProviderSettings(type: "", address: $0) }) async throws -> CapturingListener.Captured {
        let listener = try await CapturingListener.start()
        defer { listener.stop() }
        var configured = settings(listener.url(path))
        configured.type = type
        let provider = try ProviderRegistry.provider(for: configured)
        let request = try #require(try provider.request(for: event))
        let client = DeliveryClient(logger: logger)
        let result = await client.send(request, settings: configured)
        await client.shutdown()
        #expect(result.outcome == .delivered, "\(result)")
        return try #require(listener.requests.first)
    }

    @Test("generic posts Flux's event JSON with the secret's headers")
    func generic() async throws {
        let captured = try await post("generic") { ProviderSettings(type: "", address: $0, headers: ["X-Team": "platform"]) }
        #expect(captured.body == Self.event().fluxJSON())
        #expect(captured.headers["x-team"] == "platform")
        #expect(captured.headers["content-type"] == "application/json")
        #expect((captured.object["involvedObject"] as? [String: Any])?["kind"] as? String == "Kustomization")
    }

    @Test("generic-hmac signs the body with HMAC-SHA256 of the token")
    func genericHMAC() async throws {
        let captured = try await post("generic-hmac") { ProviderSettings(type: "", address: $0, token: "s3cret") }
        let mac = HMAC<SHA256>.authenticationCode(for: captured.body, using: SymmetricKey(data: Array("s3cret".utf8)))
        #expect(captured.headers["x-signature"] == "sha256=" + mac.map { String(format: "%02x", $0) }.joined())
        #expect(captured.body == Self.event().fluxJSON())
        #expect(throws: ProviderError.self) { try ProviderRegistry.provider(for: ProviderSettings(type: "generic-hmac", address: "http://x/")) }
    }

    @Test("slack, discord and rocket post Slack's attachment message")
    func slackFamily() async throws {
        for type in ["slack", "discord", "rocket"] {
            let captured = try await post(type) { ProviderSettings(type: "", address: $0, username: "flux", channel: "#ops") }
            #expect(captured.object["username"] as? String == "flux")
            #expect(captured.object["channel"] as? String == "#ops")
            let attachment = try #require((captured.object["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["color"] as? String == "good")
            #expect(attachment["author_name"] as? String == "Kustomization/apps.flux-system")
            #expect(attachment["text"] as? String == "Applied revision <main>")
            #expect((attachment["fields"] as? [[String: Any]])?.first?["title"] as? String == "revision")
            if type == "discord" { #expect(captured.path == "/hook/slack") }
        }
    }

    @Test("msteams posts a MessageCard and googlechat a card")
    func cards() async throws {
        let teams = try await post("msteams")
        #expect(teams.object["@type"] as? String == "MessageCard")
        #expect(teams.object["@context"] as? String == "https://schema.org/extensions")
        let section = try #require((teams.object["sections"] as? [[String: Any]])?.first)
        #expect(section["activityTitle"] as? String == "Applied revision <main>")
        #expect((section["facts"] as? [[String: Any]])?.first?["name"] as? String == "revision")
        let chat = try await post("googlechat")
        let card = try #require((chat.object["cards"] as? [[String: Any]])?.first)
        #expect((card["header"] as? [String: Any])?["title"] as? String == "Kustomization/apps.flux-system")
        #expect(card["sections"] is [[String: Any]])
    }

    @Test("alertmanager posts an alert array with Flux's labels")
    func alertmanager() async throws {
        let captured = try await post("alertmanager", event: Self.event(severity: .error))
        let alert = try #require((captured.json as? [[String: Any]])?.first)
        let labels = try #require(alert["labels"] as? [String: String])
        #expect(labels["alertname"] == "FluxKustomizationReconciliationSucceeded")
        #expect(labels["severity"] == "error")
        #expect(labels["revision"] == "main@sha1:0123456789abcdef0123456789abcdef01234567")
        #expect((alert["annotations"] as? [String: String])?["message"] == "Applied revision <main>")
        #expect(alert["status"] as? String == "firing")
    }

    @Test("github, gitlab and gitea set a commit status on the revision's commit")
    func commitStatuses() async throws {
        let sha = "0123456789abcdef0123456789abcdef01234567"
        let github = try await post("github", path: "/org/app") { address in
            ProviderSettings(type: "", address: address, token: "ghp", uid: "1234abcd-0000")
        }
        #expect(github.path == "/api/v3/repos/org/app/statuses/\(sha)")
        #expect(github.headers["authorization"] == "Bearer ghp")
        #expect(github.object["state"] as? String == "success")
        #expect(github.object["context"] as? String == "kustomization/apps/1234abcd")
        let gitlab = try await post("gitlab", path: "/group/sub/app.git", event: Self.event(severity: .error)) { address in
            ProviderSettings(type: "", address: address, token: "glpat")
        }
        #expect(gitlab.path == "/api/v4/projects/group%2Fsub%2Fapp/statuses/\(sha)" || gitlab.path == "/api/v4/projects/group/sub/app/statuses/\(sha)")
        #expect(gitlab.headers["private-token"] == "glpat")
        #expect(gitlab.object["state"] as? String == "failed")
        let gitea = try await post("gitea", path: "/org/app") { ProviderSettings(type: "", address: $0, token: "tea") }
        #expect(gitea.path == "/api/v1/repos/org/app/statuses/\(sha)")
        #expect(gitea.headers["authorization"] == "token tea")
        // Without a revision there is nothing to set.
        let provider = try ProviderRegistry.provider(for: ProviderSettings(type: "github", address: "https://github.com/org/app", token: "t"))
        #expect(try provider.request(for: Self.event(revision: nil)) == nil)
        #expect(try provider.request(for: Self.event())?.url == "https://api.github.com/repos/org/app/statuses/\(sha)")
        // Flux's `GetRevision`: `commit`, then `originRevision`, then `revision`; the older `branch/sha` form parses too.
        let origin = "abcdefabcdefabcdefabcdefabcdefabcdefabcd", commit = "fedcbafedcbafedcbafedcbafedcbafedcbafedc"
        var withOrigin = Self.event()
        withOrigin.metadata = ["revision": "main@sha1:\(sha)", "originRevision": "main@sha1:\(origin)"]
        #expect(try provider.request(for: withOrigin)?.url.hasSuffix("/statuses/\(origin)") == true)
        withOrigin.metadata?["commit"] = commit
        #expect(try provider.request(for: withOrigin)?.url.hasSuffix("/statuses/\(commit)") == true)
        withOrigin.metadata = ["revision": "main/\(sha)"]
        #expect(try provider.request(for: withOrigin)?.url.hasSuffix("/statuses/\(sha)") == true)
        // A reconcile in progress is neither a success nor a failure: Flux's commit-status providers skip it.
        var progressing = Self.event()
        progressing.reason = "Progressing"
        #expect(try provider.request(for: progressing) == nil)
    }

    @Test("retries 429 and 5xx with back-off, never other 4xx")
    func retries() async throws {
        let policy = DeliveryPolicy(maxAttempts: 4, initialBackoff: .milliseconds(10))
        let client = DeliveryClient(policy: policy, logger: logger)
        defer { Task { await client.shutdown() } }
        let flaky = try await CapturingListener.start(statuses: [503, 429])
        defer { flaky.stop() }
        let request = ProviderRequest(url: flaky.url(), body: Array("{}".utf8))
        let delivered = await client.send(request, settings: ProviderSettings(type: "generic", address: flaky.url()))
        #expect(delivered == DeliveryResult(outcome: .delivered, attempts: 3, statusCode: 200))
        let refusing = try await CapturingListener.start(statuses: [403])
        defer { refusing.stop() }
        let refused = await client.send(ProviderRequest(url: refusing.url(), body: []), settings: ProviderSettings(type: "generic"))
        #expect(refused.outcome == .failed && refused.attempts == 1 && refused.statusCode == 403)
        // Nothing listens on port 1: connection errors are retried, then fail.
        let deadURL = "http://127.0.0.1:1/hook"
        let unreachable = await client.send(ProviderRequest(url: deadURL, body: []), settings: ProviderSettings(type: "generic"))
        #expect(unreachable.outcome == .failed && unreachable.attempts == 4 && unreachable.statusCode == nil)
        #expect(policy.backoff(after: 1) == .milliseconds(10) && policy.backoff(after: 3) == .milliseconds(40))
    }

    @Test("a private CA from certSecretRef makes an HTTPS provider trusted; without it the post fails")
    func privateCA() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-notification-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificates = try await TLSCertificateFiles.generate(in: directory)
        let listener = try await CapturingListener.start(tls: certificates)
        defer { listener.stop() }
        let client = DeliveryClient(policy: DeliveryPolicy(maxAttempts: 1), logger: logger)
        let request = ProviderRequest(url: listener.url(), body: Self.event().fluxJSON())
        let trusted = await client.send(request, settings: ProviderSettings(type: "generic", address: listener.url(), caCertificate: certificates.caPEM))
        let untrusted = await client.send(request, settings: ProviderSettings(type: "generic", address: listener.url()))
        await client.shutdown()
        #expect(trusted.outcome == .delivered, "\(trusted)")
        #expect(untrusted.outcome == .failed && untrusted.statusCode == nil)
        #expect(listener.requests.count == 1)
    }

    @Test("a proxy from the Provider's settings carries the post")
    func proxy() async throws {
        // The proxy receives the request for a host that does not resolve, and answers for it.
        let proxy = try ConnectProxy()
        let client = DeliveryClient(policy: DeliveryPolicy(maxAttempts: 1), logger: logger)
        let address = "http://provider.invalid/hook"
        let result = await client.send(ProviderRequest(url: address, body: Self.event().fluxJSON()),
                                       settings: ProviderSettings(type: "generic", address: address, proxy: "http://127.0.0.1:\(proxy.port)"))
        await client.shutdown()
        #expect(result.outcome == .delivered, "\(result)")
        let tunnelled = try #require(proxy.tunnelled.first)
        #expect(tunnelled.target == "provider.invalid:80")
        #expect(tunnelled.request.hasPrefix("POST /hook HTTP/1.1"))
    }

    @Test("unsupported types and bad addresses are refused up front")
    func validation() {
        #expect(throws: ProviderError.unsupportedType("pigeon")) { try ProviderRegistry.provider(for: ProviderSettings(type: "pigeon")) }
        #expect(throws: ProviderError.missingAddress(type: "slack")) { try ProviderRegistry.provider(for: ProviderSettings(type: "slack")) }
        #expect(throws: ProviderError.invalidAddress("ftp://x")) { try ProviderRegistry.provider(for: ProviderSettings(type: "generic", address: "ftp://x")) }
    }
}
