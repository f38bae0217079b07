import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceStore
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceRuntime

@Suite struct ControllerTests {
    let api = InMemoryKubernetesAPI()
    let store: Store
    let directory: URL
    let reconciler = WidgetReconciler()
    let controller: Controller<WidgetReconciler>

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-runtime-\(UUID().uuidString)")
        store = try Store(path: directory.appendingPathComponent("store.db").path)
        let logger = Logger(label: "test")
        controller = Controller(
            reconciler: reconciler, api: api, store: store,
            events: EventRecorder(store: store, controller: "test-controller", instance: "test-0", logger: logger),
            metrics: ControllerMetrics(),
            settings: ControllerSettings(concurrency: 2, backoff: Backoff(base: .milliseconds(10), cap: .milliseconds(100))),
            logger: logger)
    }

    func widget(_ name: String) async throws -> TestWidget {
        try #require(try await api.get(TestWidget.gvk, namespace: "default", name: name)).decode(as: TestWidget.self)
    }

    @Test func successfulReconcileAddsFinalizerAndReportsReady() async throws {
        _ = await api.create(TestWidget.make("a"))
        let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: "a"))
        #expect(outcome.isReady)
        let a = try await widget("a")
        #expect(a.metadata.finalizers == ["finalizers.fluxcd.io"])
        #expect(a.status?.observedGeneration == 1)
        let ready = try #require(a.conditions.first)
        #expect(ready.type == "Ready" && ready.status == .true && ready.reason == "Succeeded" && ready.message == "widget counted 1 times")
        #expect(ready.observedGeneration == 1)
        #expect(a.conditions.map(\.type) == ["Ready", "Counted"])
        #expect(await api.patchCount[.status] == 1, "status is patched once per reconcile")
        #expect(controller.metrics.render().contains("gotk_reconcile_duration_seconds_bucket{kind=\"Widget\",name=\"a\",namespace=\"default\""))
        #expect(controller.metrics.render().contains("gotk_reconcile_condition{kind=\"Widget\",name=\"a\",namespace=\"default\",type=\"Ready\",status=\"True\"} 1"))
    }

    @Test func unchangedStatusIsNotPatchedAgain() async throws {
        _ = await api.create(TestWidget.make("steady", outcome: "steady"))
        let key = ObjectKey(namespace: "default", name: "steady")
        #expect(await controller.reconcile(key).isReady)
        #expect(await api.patchCount[.status] == 1)
        #expect(await controller.reconcile(key).isReady)
        #expect(await api.patchCount[.status] == 1, "a pass that changes nothing writes nothing")
    }

    @Test func requestedAtIsCopiedToLastHandledReconcileAt() async throws {
        var object = TestWidget.make("b")
        object.annotations = [FluxAnnotations.reconcileRequest: "2026-11-25T10:00:00Z"]
        _ = await api.create(object)
        _ = await controller.reconcile(ObjectKey(namespace: "default", name: "b"))
        #expect(try await widget("b").lastHandledReconcileAt == "2026-11-25T10:00:00Z")
    }

    @Test func suspendedObjectsAreLeftAlone() async throws {
        _ = await api.create(TestWidget.make("c", suspend: true))
        let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: "c"))
        #expect(outcome == .suspended)
        #expect(try await widget("c").status == nil)
        #expect(controller.metrics.render().contains("gotk_suspend_status{kind=\"Widget\",name=\"c\",namespace=\"default\"} 1"))
    }

    @Test func genericFailureRetriesWithBackoffAndRecordsAnErrorEvent() async throws {
        _ = await api.create(TestWidget.make("d", outcome: "fail"))
        let key = ObjectKey(namespace: "default", name: "d")
        await controller.process(key)
        #expect(await controller.queue.failureCount(key) == 1)
        let d = try await widget("d")
        #expect(d.conditions.first { $0.type == "Ready" }?.status == .false)
        #expect(d.conditions.first { $0.type == "Ready" }?.reason == "WidgetFailed")
        #expect(d.conditions.first { $0.type == "Reconciling" }?.reason == "ProgressingWithRetry")
        #expect(d.status?.observedGeneration == nil, "observedGeneration is not advanced on a retryable failure")
        let events = try store.events(involvedKind: "Widget", name: "d")
        #expect(events.count == 1)
        #expect(events.first?.severity == .error)
        #expect(events.first?.reason == "WidgetFailed")
        #expect(events.first?.reportingController == "test-controller")
        // The same failure again is not a new event.
        _ = await controller.reconcile(key)
        #expect(try store.events(involvedKind: "Widget", name: "d").count == 1)
    }

    @Test("events carry the reconciler's metadata keyed with the kind's group; a Ready reconcile records Flux's finished event")
    func eventMetadataAndFinishedEvent() async throws {
        var annotated = TestWidget.make("e", interval: "10m", outcome: "report")
        annotated.annotations = ["event.toolkit.fluxcd.io/env": "prod", "other.example.com/x": "y"]
        _ = await api.create(annotated)
        let key = ObjectKey(namespace: "default", name: "e")
        #expect(await controller.reconcile(key).isReady)
        #expect(await controller.reconcile(key).isReady)
        let finished = try store.events(involvedKind: "Widget", name: "e")
        // Every Ready reconcile records it, as Flux's kustomize-controller does (the notification-controller's rate
        // limit and commit-status routing decide what goes out).
        #expect(finished.count == 2)
        let first = try #require(finished.first)
        #expect(first.severity == .info && first.reason == "Succeeded")
        #expect(first.message.hasPrefix("Reconciliation finished in ") && first.message.hasSuffix("s, next run in 10m0s"), "\(first.message)")
        #expect(first.metadata == ["test.sluice.dev/revision": "step-1", "test.sluice.dev/commit_status": "update",
                                   "event.toolkit.fluxcd.io/env": "prod"])

        _ = await api.create(TestWidget.make("f", outcome: "report-fail"))
        _ = await controller.reconcile(ObjectKey(namespace: "default", name: "f"))
        let failed = try #require(try store.events(involvedKind: "Widget", name: "f").first)
        #expect(failed.severity == .error && failed.reason == "WidgetFailed")
        #expect(failed.metadata == ["test.sluice.dev/revision": "step-1"])
    }

    @Test func aReconcilerWithARetryIntervalRetriesAfterItNotWithBackoff() async throws {
        _ = await api.create(TestWidget.make("r", outcome: "fail-fixed-retry"))
        let key = ObjectKey(namespace: "default", name: "r")
        await controller.process(key)
        // Queued after the fixed delay, not rate-limited: the back-off counter is untouched.
        #expect(await controller.queue.failureCount(key) == 0)
        #expect(try await widget("r").conditions.first { $0.type == "Ready" }?.status == .false)
    }

    @Test func stallingFailureIsNotRetried() async throws {
        _ = await api.create(TestWidget.make("e", outcome: "stall"))
        let key = ObjectKey(namespace: "default", name: "e")
        await controller.process(key)
        #expect(await controller.queue.failureCount(key) == 0)
        let e = try await widget("e")
        #expect(e.conditions.first { $0.type == "Stalled" }?.status == .true)
        #expect(e.status?.observedGeneration == 1)
    }

    @Test func deletionRunsFinalizeAndReleasesTheObject() async throws {
        _ = await api.create(TestWidget.make("f"))
        let key = ObjectKey(namespace: "default", name: "f")
        _ = await controller.reconcile(key)
        await api.delete(TestWidget.gvk, namespace: "default", name: "f")
        #expect(try await api.get(TestWidget.gvk, namespace: "default", name: "f")?.deletionTimestamp != nil)
        #expect(await controller.reconcile(key) == .finalized)
        #expect(reconciler.finalized.names.withLock { $0 } == ["f"])
        #expect(try await api.get(TestWidget.gvk, namespace: "default", name: "f") == nil)
    }

    @Test func runningControllerReconcilesNewObjectsAndRequestsThenStopsOnShutdown() async throws {
        _ = await api.create(TestWidget.make("g"))
        let task = Task { try await controller.run() }
        try await eventually { try await widget("g").conditions.first?.status == .true }
        // A spec change (new generation) and a reconcile request each trigger a pass.
        var g = try #require(try await api.get(TestWidget.gvk, namespace: "default", name: "g"))
        g.annotations = [FluxAnnotations.reconcileRequest: "now-1"]
        _ = try await api.update(g)
        try await eventually { try await widget("g").lastHandledReconcileAt == "now-1" }
        _ = await api.create(TestWidget.make("h", interval: "50ms"))
        try await eventually { (try await widget("h").status?.steps ?? 0) >= 3 }
        task.cancel()
        _ = await task.result
    }

    @Test func undecodableObjectsAreReportedNotRetried() async throws {
        var object = TestWidget.make("bad")
        object["spec", "interval"] = "10x"
        _ = await api.create(object)
        let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: "bad"))
        guard case .undecodable(let message) = outcome else { Issue.record("expected undecodable, got \(outcome)"); return }
        #expect(message.contains("spec.interval") && message.contains("10x"))
        #expect(try store.events(involvedKind: "Widget", name: "bad").first?.severity == .error)
    }
}
