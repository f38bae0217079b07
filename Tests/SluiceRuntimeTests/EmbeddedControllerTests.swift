import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SluiceRuntime

/// The runtime end to end through real parts: `sluice cluster serve` as a child process, Sluice's client,
/// and the real `kubectl` to look at and to poke the object (watch → queue → reconcile → status patch).
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built `sluice`"))
struct EmbeddedControllerTests {
    @Test func controllerReconcilesACustomResourceThroughTheEmbeddedServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-e2e-\(UUID().uuidString)")
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let kubeconfig = cluster.kubeconfig

        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: kubeconfig, environment: .init(variables: [:])))
        var crd = KubeObject(apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "widgets.test.sluice.dev")
        crd["spec"] = [
            "group": "test.sluice.dev", "scope": "Namespaced",
            "names": ["kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"],
            "versions": [[
                "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
            ]],
        ]
        _ = try await client.create(crd)
        // Until the CRD is established the resource is unknown and `get` throws; then it answers "no such object".
        try await eventually {
            try await client.get(TestWidget.gvk, namespace: "default", name: "none") == nil
        }
        _ = try await client.create(TestWidget.make("w1"))

        let store = try Store(path: directory.appendingPathComponent("store.db").path)
        let logger = Logger(label: "e2e")
        let controller = Controller(
            reconciler: WidgetReconciler(), api: client, store: store,
            events: EventRecorder(store: store, controller: "test-controller", instance: "e2e", logger: logger),
            metrics: ControllerMetrics(), settings: ControllerSettings(concurrency: 2), logger: logger)
        let running = Task { try await controller.run() }
        defer { running.cancel() }

        if BuiltExecutables.kubectl != nil {
            try await eventually {
                try await Kubectl.kubectl(["get", "widgets.test.sluice.dev", "w1", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"], kubeconfig: kubeconfig) == "True"
            }
            // A reconcile request made with kubectl is seen by the watch and handled.
            _ = try await Kubectl.kubectl(["annotate", "widgets.test.sluice.dev", "w1", "reconcile.fluxcd.io/requestedAt=e2e-1"], kubeconfig: kubeconfig)
            try await eventually {
                try await Kubectl.kubectl(["get", "widgets.test.sluice.dev", "w1", "-o", "jsonpath={.status.lastHandledReconcileAt}"], kubeconfig: kubeconfig) == "e2e-1"
            }
        } else {
            try await eventually { try await client.get(TestWidget.gvk, namespace: "default", name: "w1")?["status", "observedGeneration"] == .int(1) }
        }
        let widget = try #require(try await client.get(TestWidget.gvk, namespace: "default", name: "w1"))
        #expect(widget.finalizers == ["finalizers.fluxcd.io"])
        #expect(widget["status", "observedGeneration"] == .int(1))
    }
}
