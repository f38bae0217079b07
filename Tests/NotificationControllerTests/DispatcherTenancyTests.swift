import Foundation
import NotificationController
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing

/// The event dispatcher's tenancy and tenant-supplied patterns against a real cluster, store and HTTP listener:
/// `--no-cross-namespace-refs` keeps an Alert to its own namespace's events (without it, Flux's cross-namespace sources
/// work), a pattern that does not compile is reported as an `InvalidConfig` event naming the field, and a catastrophic
/// pattern does not stall delivery.
@Suite("Event dispatcher tenancy", .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built sluice and kubectl"),
       .serialized)
struct DispatcherTenancyTests {
    static func event(_ namespace: String, _ name: String, _ message: String) -> Event {
        Event(involvedObject: InvolvedObject(kind: "GitRepository", namespace: namespace, name: name, apiVersion: "source.toolkit.fluxcd.io/v1"),
              severity: .info, message: message, reason: "NewArtifact", reportingController: "source-controller")
    }

    func run(_ bed: NotificationTestBed, consumer: String, noCrossNamespaceRefs: Bool, until last: Int64) async throws {
        let dispatcher = EventDispatcher(api: bed.api, store: bed.store, consumer: consumer, pollInterval: .milliseconds(20),
                                         noCrossNamespaceRefs: noCrossNamespaceRefs,
                                         events: EventRecorder(store: bed.store, controller: "notification-controller", instance: "test", logger: bed.logger),
                                         logger: bed.logger)
        let task = Task { try await dispatcher.run() }
        defer { task.cancel() }
        try await eventually(timeout: .seconds(60)) { try bed.store.cursor(consumer: consumer) >= last }
        task.cancel()
        _ = await task.result
    }

    @Test("--no-cross-namespace-refs: an Alert takes only its namespace's events; without it, cross-namespace sources are Flux's")
    func crossNamespaceSources() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let listener = try await CapturingListener.start()
        defer { listener.stop() }
        try await bed.kubectl(["create", "namespace", "tenant-a"])
        try await bed.kubectl(["create", "namespace", "tenant-b"])
        try await bed.apply("""
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: capture, namespace: tenant-a}
            spec: {type: generic, address: "\(listener.url())"}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: everything, namespace: tenant-a}
            spec:
              providerRef: {name: capture}
              eventSources:
                - {kind: GitRepository, name: "*"}
                - {kind: GitRepository, name: "*", namespace: tenant-b}
                - {kind: GitRepository, name: "*", namespace: "*"}
            """)
        let appended = try bed.store.appendEvents([Self.event("tenant-a", "own", "own namespace"), Self.event("tenant-b", "other", "other namespace")])

        try await run(bed, consumer: "locked-down", noCrossNamespaceRefs: true, until: appended.last!.id!)
        #expect(listener.requests.compactMap { $0.object["message"] as? String } == ["own namespace"])

        try await run(bed, consumer: "flux-default", noCrossNamespaceRefs: false, until: appended.last!.id!)
        try await eventually(timeout: .seconds(30)) { listener.requests.count == 3 }
        #expect(listener.requests.compactMap { $0.object["message"] as? String }.suffix(2).sorted() == ["other namespace", "own namespace"])
    }

    @Test("a pattern that does not compile is an InvalidConfig event naming the field; a catastrophic one does not stall delivery")
    func tenantPatterns() async throws {
        let bed = try await NotificationTestBed.start()
        defer { bed.cleanUp() }
        let listener = try await CapturingListener.start()
        defer { listener.stop() }
        try await bed.apply("""
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: capture, namespace: default}
            spec: {type: generic, address: "\(listener.url())"}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: patterns, namespace: default}
            spec:
              providerRef: {name: capture}
              eventSources: [{kind: GitRepository, name: "*"}]
              inclusionList: ['(a)\\1', '^(a+)+$', '^deliver']
              exclusionList: ['(x+x+)+y']
            """)
        let hostile = String(repeating: "a", count: 20_000) + "!"
        let flood = String(repeating: "x", count: 20_000)
        let appended = try bed.store.appendEvents([Self.event("default", "app", hostile), Self.event("default", "app", "deliver " + flood),
                                                   Self.event("default", "app", "deliver me")])
        try await run(bed, consumer: "patterns", noCrossNamespaceRefs: false, until: appended.last!.id!)
        try await eventually(timeout: .seconds(30)) { listener.requests.count == 2 }
        #expect(listener.requests.compactMap { ($0.object["message"] as? String)?.prefix(10) } == ["deliver xx", "deliver me"])
        let reported = try bed.store.events(involvedKind: "Alert")
        #expect(reported.count == 1)
        #expect(reported.first?.reason == "InvalidConfig")
        #expect(reported.first?.message == "spec.inclusionList[0]: failed to compile inclusion regex '(a)\\1': error parsing regexp: invalid escape sequence: `\\1`")
    }
}
