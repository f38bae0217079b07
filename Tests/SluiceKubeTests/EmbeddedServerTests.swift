import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
import SluiceKube

/// End-to-end scenarios against `sluice cluster serve`; they light up once the embedded server is built.
@Suite("client against the embedded API server", .serialized)
struct EmbeddedServerTests {
    static let crd = GroupVersionKind(group: "apiextensions.k8s.io", version: "v1", kind: "CustomResourceDefinition")

    static func configMap(_ name: String, namespace: String, data: [String: String] = [:], labels: [String: String] = [:]) -> KubeObject {
        KubeObject(Fixtures.configMapJSON(name, namespace: namespace, data: data, labels: labels).objectValue!).withoutResourceVersion()
    }

    /// Each scenario in a fresh namespace, as Flux's own tests do.
    static func namespace(_ client: KubernetesClient, _ prefix: String) async throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await client.create(KubeObject(apiVersion: "v1", kind: "Namespace", name: name))
        #expect(created.name == name)
        #expect(created.uid != nil)
        return name
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func configMapCRUD() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        let ns = try await Self.namespace(client, "crud")
        let created = try await client.create(Self.configMap("settings", namespace: ns, data: ["a": "1"]))
        #expect(created.resourceVersion != nil)
        await #expect(throws: KubernetesError.conflict("configmaps \"settings\" already exists")) {
            try await client.create(Self.configMap("settings", namespace: ns))
        }
        var fetched = try #require(try await client.get(Fixtures.configMap, namespace: ns, name: "settings"))
        #expect(fetched["data", "a"] == "1")
        fetched["data"] = ["a": "2"]
        let updated = try await client.update(fetched)
        #expect(updated["data", "a"] == "2")
        // The old resource version is stale now.
        await #expect(throws: KubernetesError.self) { try await client.update(fetched) }
        try await client.delete(Fixtures.configMap, namespace: ns, name: "settings")
        #expect(try await client.get(Fixtures.configMap, namespace: ns, name: "settings") == nil)
        await #expect(throws: KubernetesError.self) {
            try await client.delete(Fixtures.configMap, namespace: ns, name: "settings")
        }
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func listWithSelectorAndPaging() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        let ns = try await Self.namespace(client, "list")
        for index in 0..<5 {
            try await client.create(Self.configMap("cm-\(index)", namespace: ns, labels: ["app": index.isMultiple(of: 2) ? "web" : "db"]))
        }
        let web = try await client.listAll(Fixtures.configMap, namespace: ns, labelSelector: LabelSelector([.equals("app", "web")]).description)
        #expect(web.items.map(\.name).sorted() == ["cm-0", "cm-2", "cm-4"])
        let first = try await client.list(Fixtures.configMap, namespace: ns, labelSelector: "app", limit: 2)
        #expect(first.list.items.count == 2)
        #expect(first.continueToken != nil)
        let all = try await client.listAll(Fixtures.configMap, namespace: ns, labelSelector: "app", pageSize: 2)
        #expect(all.items.map(\.name).sorted() == (0..<5).map { "cm-\($0)" })
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func patchesApplyAndDryRun() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        let ns = try await Self.namespace(client, "patch")
        try await client.create(Self.configMap("p", namespace: ns, data: ["a": "1"]))
        var object = try await client.mergePatch(Fixtures.configMap, namespace: ns, name: "p", patch: ["data": ["b": "2"]], subresource: nil)
        #expect(object["data"] == ["a": "1", "b": "2"])
        object = try await client.jsonPatch(Fixtures.configMap, namespace: ns, name: "p", operations: [["op": "remove", "path": "/data/a"]])
        #expect(object["data"] == ["b": "2"])
        object = try await client.strategicMergePatch(Fixtures.configMap, namespace: ns, name: "p", patch: ["metadata": ["labels": ["x": "y"]]])
        #expect(object.labels == ["x": "y"])

        // Server-side apply: two managers, a conflict, then force.
        try await client.apply(Self.configMap("ssa", namespace: ns, data: ["k": "a"]), fieldManager: "manager-a")
        await #expect(throws: KubernetesError.self) {
            try await client.apply(Self.configMap("ssa", namespace: ns, data: ["k": "b"]), fieldManager: "manager-b")
        }
        let forced = try await client.apply(Self.configMap("ssa", namespace: ns, data: ["k": "b"]), fieldManager: "manager-b", force: true)
        #expect(forced["data", "k"] == "b")
        #expect(forced.managedFields.contains { $0["manager"] == "manager-b" })

        // Dry runs leave nothing behind.
        try await client.create(Self.configMap("dry", namespace: ns), dryRun: true)
        try await client.apply(Self.configMap("dry-apply", namespace: ns), fieldManager: "m", dryRun: true)
        #expect(try await client.get(Fixtures.configMap, namespace: ns, name: "dry") == nil)
        #expect(try await client.get(Fixtures.configMap, namespace: ns, name: "dry-apply") == nil)
        try await client.delete(Fixtures.configMap, namespace: ns, name: "p", dryRun: true)
        #expect(try await client.get(Fixtures.configMap, namespace: ns, name: "p") != nil)
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func customResourceStatusSubresource() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        let ns = try await Self.namespace(client, "status")
        let crd: JSONValue = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "widgets.example.com"],
            "spec": [
                "group": "example.com", "scope": "Namespaced",
                "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                "versions": [[
                    "name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                    "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
                ]],
            ],
        ]
        try await client.create(KubeObject(crd.objectValue!))
        // A kind that appeared after the mapper first looked: it must re-read discovery.
        var widget = KubeObject(apiVersion: "example.com/v1", kind: "Widget", name: "w", namespace: ns)
        widget["spec"] = ["size": 1]
        var created: KubeObject?
        for _ in 0..<100 where created == nil {
            created = try? await client.create(widget)
            if created == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        var current = try #require(created)
        current["status"] = ["phase": "Ready"]
        current["spec"] = ["size": 99]
        let afterStatus = try await client.updateStatus(current)
        #expect(afterStatus["status", "phase"] == "Ready")
        #expect(afterStatus["spec", "size"] == 1)
        let patched = try await client.mergePatch(Fixtures.widget, namespace: ns, name: "w", patch: ["status": ["phase": "Done"]], subresource: .status)
        #expect(patched["status", "phase"] == "Done")
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func watchAndInformerFollowChanges() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        let ns = try await Self.namespace(client, "watch")
        try await client.create(Self.configMap("before", namespace: ns))
        let informer = Informer(client: client, gvk: Fixtures.configMap, namespace: ns)
        await informer.start()
        await informer.waitForSync()
        #expect(await informer.objects().map(\.name).contains("before"))

        let list = try await client.listAll(Fixtures.configMap, namespace: ns)
        let events = client.watch(Fixtures.configMap, namespace: ns, resourceVersion: list.resourceVersion)
        try await client.create(Self.configMap("w", namespace: ns, data: ["v": "1"]))
        _ = try await client.mergePatch(Fixtures.configMap, namespace: ns, name: "w", patch: ["data": ["v": "2"]], subresource: nil)
        try await client.delete(Fixtures.configMap, namespace: ns, name: "w")
        var seen: [String] = []
        for try await event in events where event.type != .bookmark && event.object.name == "w" {
            seen.append(event.type.rawValue)
            if seen.count == 3 { break }
        }
        #expect(seen == ["ADDED", "MODIFIED", "DELETED"])

        try await client.create(Self.configMap("after", namespace: ns))
        try await eventually { await informer.get(namespace: ns, name: "after") != nil }
        #expect(await informer.get(namespace: ns, name: "w") == nil)
        await informer.stop()
    }

    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func errorsAreMapped() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let client = server.client
        await #expect(throws: KubernetesError.self) {
            _ = try await client.get(GroupVersionKind(group: "nope.example", version: "v1", kind: "Nope"), namespace: "default", name: "x")
        }
        let ns = try await Self.namespace(client, "errors")
        do {
            try await client.create(Self.configMap("Not_A_Valid_Name", namespace: ns))
            Issue.record("an invalid name was accepted")
        } catch KubernetesError.invalid(let message, _) {
            #expect(message.contains("Not_A_Valid_Name"))
        }
        await #expect(throws: KubernetesError.self) {
            try await client.mergePatch(Fixtures.configMap, namespace: ns, name: "missing", patch: [:], subresource: nil)
        }
    }
}

extension KubeObject {
    /// The object without `metadata.resourceVersion`, as one creates it.
    func withoutResourceVersion() -> KubeObject {
        var copy = self
        copy.resourceVersion = nil
        return copy
    }
}
