import Foundation
import NotificationController
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing

/// The event dispatcher against a real cluster and real HTTP listeners: alerts route events to providers, a held provider does not
/// hold up the others, failures are recorded, and the durable cursor makes a restart resume without re-sending.
@Suite("Event dispatcher", .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built sluice and kubectl"),
       .serialized)
struct DispatcherTests {
    static func event(_ name: String, _ message: String, severity: EventSeverity = .info) -> Event {
        Event(involvedObject: InvolvedObject(kind: "GitRepository", namespace: "default", name: name, apiVersion: "source.toolkit.fluxcd.io/v1"),
              severity: severity, message: message, reason: "NewArtifact", metadata: ["source.toolkit.fluxcd.io/revision": "main@sha1:\(name)"],
              reportingController: "source-controller")
    }

    func provider(_ name: String, url: String, type: String = "generic") -> String {
        """
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Provider
        metadata:
          name: \(name)
          namespace: default
        spec:
          type: \(type)
          address: \(url)
        """
    }

    func alert(_ name: String, provider: String, severity: String = "info", sources: String = "[{kind: GitRepository, name: '*'}]",
               extra: String = "") -> String
    {
        """
        ---
        apiVersion: notification.toolkit.fluxcd.io/v1beta3
        kind: Alert
        metadata:
          name: \(name)
          namespace: default
        spec:
          providerRef:
            name: \(provider)
          eventSeverity: \(severity)
          eventSources: \(sources)
        \(extra)
        """
    }

    func start(_ bed: NotificationTestBed, metrics: ControllerMetrics = ControllerMetrics(), rateLimit: Duration = .seconds(300))
        -> (EventDispatcher, Task<Void, any Error>)
    {
        let dispatcher = EventDispatcher(api: bed.api, store: bed.store, consumer: "notification-test", rateLimit: rateLimit,
                                         policy: DeliveryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(10)), pollInterval: .milliseconds(20),
                                         metrics: DeliveryMetrics(metrics), logger: bed.logger)
        return (dispatcher, Task { try await dispatcher.run() })
    }

    @Test("alerts route events; a held provider blocks only itself; failures are recorded; the cursor survives a restart")
    func routingAndCursor() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let fast = try await CapturingListener.start()
        defer { fast.stop() }
        let held = try await CapturingListener.start(held: true)
        defer { held.stop() }
        let failing = try await CapturingListener.start(statuses: Array(repeating: 500, count: 100))
        defer { failing.stop() }
        try await bed.apply([
            provider("fast", url: fast.url()), provider("held", url: held.url()), provider("failing", url: failing.url()),
            alert("fast", provider: "fast", extra: "  eventMetadata: {cluster: test}\n  exclusionList: ['^ignored']"),
            alert("held", provider: "held"),
            alert("failing", provider: "failing", severity: "error"),
        ].joined(separator: "\n"))

        let appended = try bed.store.appendEvents([
            Self.event("a", "first"), Self.event("b", "second", severity: .error), Self.event("c", "ignored by the fast alert"),
            Self.event("a", "first"),  // a repeat within the rate limit: dropped
        ])
        let metrics = ControllerMetrics()
        var (_, task) = start(bed, metrics: metrics)
        // The fast provider gets its events while the held one is stuck on its first.
        try await eventually(timeout: .seconds(30)) { fast.requests.count == 2 }
        // The held provider's first request is sent concurrently: it may arrive after the fast provider's two.
        try await eventually(timeout: .seconds(30)) { held.requests.count == 1 }
        #expect(fast.requests.map { $0.object["message"] as? String } == ["first", "second"])
        #expect((fast.requests[0].object["metadata"] as? [String: String])?["cluster"] == "test")
        // The failing provider took only the error event, twice, and the failure is recorded.
        try await eventually(timeout: .seconds(30)) { try bed.store.deliveries(outcome: .failed).count == 1 }
        #expect(failing.requests.count == 2)
        let failure = try #require(try bed.store.deliveries(outcome: .failed).first)
        #expect(failure.provider == "default/failing" && failure.statusCode == 500 && failure.attempts == 2)
        // The cursor cannot pass the held provider's unfinished event.
        #expect(try bed.store.cursor(consumer: "notification-test") < appended[0].id!)
        held.release()
        try await eventually(timeout: .seconds(30)) { try bed.store.cursor(consumer: "notification-test") == appended.last!.id! }
        #expect(held.requests.count == 3)

        // Stop, append, restart: only the new events go out.
        task.cancel()
        _ = await task.result
        let more = try bed.store.appendEvents([Self.event("d", "third"), Self.event("e", "fourth")])
        (_, task) = start(bed)
        try await eventually(timeout: .seconds(30)) { try bed.store.cursor(consumer: "notification-test") == more.last!.id! }
        #expect(fast.requests.compactMap { $0.object["message"] as? String } == ["first", "second", "third", "fourth"])
        #expect(held.requests.count == 5)
        task.cancel()
        _ = await task.result
        #expect(try bed.store.deliveries(outcome: .delivered).count == 9)
        let exposition = metrics.render()
        #expect(exposition.contains(#"gotk_notification_deliveries_total{provider_type="generic",outcome="failed"} 1"#), "\(exposition)")
    }
    @Test("Flux's routing: a commit-status update only to commit-status and generic providers, prefixes stripped, token kept inside")
    func commitStatusRouting() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let gitea = try await CapturingListener.start()  // stands in for Gitea's commit status API
        defer { gitea.stop() }
        let hook = try await CapturingListener.start()
        defer { hook.stop() }
        let chat = try await CapturingListener.start()
        defer { chat.stop() }
        let kustomizations = "[{kind: Kustomization, name: '*'}]"
        try await bed.apply([
            """
            apiVersion: v1
            kind: Secret
            metadata: {name: gitea-token, namespace: default}
            stringData: {token: tea}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: gitea, namespace: default}
            spec: {type: gitea, address: "\(gitea.url("/org/app"))", secretRef: {name: gitea-token}}
            """,
            provider("hook", url: hook.url()), provider("chat", url: chat.url(), type: "slack"),
            alert("gitea", provider: "gitea", sources: kustomizations), alert("hook", provider: "hook", sources: kustomizations),
            alert("chat", provider: "chat", sources: kustomizations),
        ].joined(separator: "\n"))

        let (applied, broken) = ("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222")
        func event(_ message: String, _ severity: EventSeverity, _ reason: String, _ metadata: [String: String]) -> Event {
            Event(involvedObject: InvolvedObject(kind: "Kustomization", namespace: "default", name: "apps", apiVersion: "kustomize.toolkit.fluxcd.io/v1"),
                  severity: severity, message: message, reason: reason, metadata: metadata, reportingController: "kustomize-controller")
        }
        let group = "kustomize.toolkit.fluxcd.io"
        let appended = try bed.store.appendEvents([
            event("Reconciliation finished in 1.5s, next run in 10m0s", .info, "ReconciliationSucceeded",
                  ["\(group)/revision": "main@sha1:\(applied)", "\(group)/commit_status": "update", "\(group)/token": "t1"]),
            event("ConfigMap/default/app configured", .info, "Progressing",
                  ["\(group)/revision": "main@sha1:\(applied)", "\(group)/digest": "sha256:0", "unprefixed": "dropped",
                   "event.toolkit.fluxcd.io/env": "prod"]),
            event("Deployment/default/app dry-run failed: .spec.replica: field not declared in schema", .error, "ReconciliationFailed",
                  ["\(group)/revision": "main@sha1:\(broken)"]),
        ])
        let (_, task) = start(bed)
        defer { task.cancel() }
        try await eventually(timeout: .seconds(60)) { try bed.store.cursor(consumer: "notification-test") == appended.last!.id! }

        // Gitea: the success on the applied commit and the failure on the broken one; the change set is no status.
        #expect(gitea.requests.map(\.path) == ["/api/v1/repos/org/app/statuses/\(applied)", "/api/v1/repos/org/app/statuses/\(broken)"])
        #expect(gitea.requests.map { $0.object["state"] as? String } == ["success", "failure"])
        // The generic webhook gets all three, with the prefixes stripped, the digest, token and ungrouped keys left out.
        #expect(hook.requests.count == 3)
        let metadata = hook.requests.map { $0.object["metadata"] as? [String: String] ?? [:] }
        #expect(metadata.first == ["revision": "main@sha1:\(applied)", "commit_status": "update"])
        #expect(metadata.dropFirst().first == ["revision": "main@sha1:\(applied)", "env": "prod"])
        // A chat provider never gets the commit-status update.
        #expect(chat.requests.count == 2)
        #expect(!chat.requests.contains { String(decoding: $0.body, as: UTF8.self).contains("Reconciliation finished") })
    }
}
