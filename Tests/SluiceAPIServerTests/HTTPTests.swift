import Foundation
import SluiceTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The REST API at the HTTP level: status codes, Status bodies, semantics kubectl does not show.
@Suite struct HTTPTests {
    static func body(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

    static func configMap(_ name: String, _ extra: [String: Any] = [:]) -> [String: Any] {
        var object: [String: Any] = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": name], "data": ["k": "v"]]
        for (key, value) in extra { object[key] = value }
        return object
    }

    @Test func errorsHaveKubernetesStatusShape() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let cms = "/api/v1/namespaces/default/configmaps"

        let unauthorized = try await server.http("GET", cms, token: false)
        #expect(unauthorized.status == 401)
        #expect(try TestServer.json(unauthorized.body)["reason"] as? String == "Unauthorized")
        #expect(try await server.http("GET", "/healthz", token: false).status == 200)

        let big = try Self.body(Self.configMap("big", ["data": ["k": String(repeating: "x", count: 3 * 1024 * 1024 + 10)]]))
        #expect(try await server.http("POST", cms, body: big).status == 413)

        let malformed = try await server.http("POST", cms, body: Data("{not json".utf8))
        #expect(malformed.status == 400)
        #expect(try TestServer.json(malformed.body)["kind"] as? String == "Status")

        let unknown = try await server.http("GET", "/api/v1/namespaces/default/widgets")
        #expect(unknown.status == 404)

        let missing = try TestServer.json(try await server.http("GET", "\(cms)/nope").body)
        #expect(missing["message"] as? String == "configmaps \"nope\" not found")
        #expect(missing["reason"] as? String == "NotFound")
        #expect(missing["code"] as? Int == 404)
        #expect(missing["status"] as? String == "Failure")
        #expect((missing["details"] as? [String: Any])?["kind"] as? String == "configmaps")

        let invalid = try await server.http("POST", cms, body: try Self.body(Self.configMap("Not_Valid")))
        #expect(invalid.status == 422)
        let causes = (try TestServer.json(invalid.body)["details"] as? [String: Any])?["causes"] as? [[String: Any]]
        #expect(causes?.first?["field"] as? String == "metadata.name")
        #expect(causes?.first?["reason"] as? String == "FieldValueInvalid")

        let mismatch = try await server.http("POST", cms, body: try Self.body(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s"]]))
        #expect(mismatch.status == 400)

        let crdPatch = try await server.http("PATCH", "\(cms)/nope", body: Data("{}".utf8), contentType: "application/x-unknown")
        #expect(crdPatch.status == 415)
    }

    @Test func resourceVersionsGenerationAndConcurrency() async throws {
        let server = try await TestServer(["--no-simulate"])
        defer { server.stopNow() }
        let cms = "/api/v1/namespaces/default/configmaps"
        let created = try TestServer.json(try await server.http("POST", cms, body: try Self.body(Self.configMap("a"))).body)
        let meta = created["metadata"] as? [String: Any] ?? [:]
        let rv = Int(meta["resourceVersion"] as? String ?? "") ?? 0
        #expect(rv > 0)
        #expect(meta["generation"] == nil, "ConfigMaps have no generation, as in Kubernetes")

        // dryRun stores nothing.
        #expect(try await server.http("POST", "\(cms)?dryRun=All", body: try Self.body(Self.configMap("dry"))).status == 201)
        #expect(try await server.http("GET", "\(cms)/dry").status == 404)

        // A stale resourceVersion in PUT conflicts.
        var stale = Self.configMap("a")
        stale["metadata"] = ["name": "a", "resourceVersion": "1"]
        #expect(try await server.http("PUT", "\(cms)/a", body: try Self.body(stale)).status == 409)

        // generateName.
        let generated = try TestServer.json(try await server.http("POST", cms, body: try Self.body(["apiVersion": "v1", "kind": "ConfigMap",
                                                                                                      "metadata": ["generateName": "gen-"]])).body)
        #expect(((generated["metadata"] as? [String: Any])?["name"] as? String)?.hasPrefix("gen-") == true)

        // Deployments: generation bumps on spec changes only; the main resource ignores status.
        let deployments = "/apis/apps/v1/namespaces/default/deployments"
        let deployment: [String: Any] = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"],
            "spec": ["selector": ["matchLabels": ["app": "d"]], "template": ["metadata": ["labels": ["app": "d"]],
                                                                             "spec": ["containers": [["name": "c", "image": "i"]]]]],
            "status": ["replicas": 9],
        ]
        let d = try TestServer.json(try await server.http("POST", deployments, body: try Self.body(deployment)).body)
        #expect((d["metadata"] as? [String: Any])?["generation"] as? Int == 1)
        #expect(d["status"] == nil)
        let label = try TestServer.json(try await server.http("PATCH", "\(deployments)/d", body: Data(#"{"metadata":{"labels":{"x":"y"}},"status":{"replicas":5}}"#.utf8),
                                                                contentType: "application/merge-patch+json").body)
        #expect((label["metadata"] as? [String: Any])?["generation"] as? Int == 1)
        #expect(label["status"] == nil)
        let scaled = try TestServer.json(try await server.http("PATCH", "\(deployments)/d", body: Data(#"{"spec":{"replicas":3}}"#.utf8),
                                                                 contentType: "application/merge-patch+json").body)
        #expect((scaled["metadata"] as? [String: Any])?["generation"] as? Int == 2)
        let status = try TestServer.json(try await server.http("PATCH", "\(deployments)/d/status", body: Data(#"{"status":{"replicas":3},"spec":{"replicas":7}}"#.utf8),
                                                                 contentType: "application/merge-patch+json").body)
        #expect((status["status"] as? [String: Any])?["replicas"] as? Int == 3)
        #expect((status["spec"] as? [String: Any])?["replicas"] as? Int == 3)
    }

    @Test func listPagingAndSelectors() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let cms = "/api/v1/namespaces/default/configmaps"
        for i in 0..<7 {
            var cm = Self.configMap("item-\(i)")
            cm["metadata"] = ["name": "item-\(i)", "labels": ["parity": i % 2 == 0 ? "even" : "odd"]]
            #expect(try await server.http("POST", cms, body: try Self.body(cm)).status == 201)
        }
        var names: [String] = []
        var token: String?
        repeat {
            let query = "?limit=3" + (token.map { "&continue=\($0)" } ?? "")
            let page = try TestServer.json(try await server.http("GET", cms + query).body)
            names += (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
            token = (page["metadata"] as? [String: Any])?["continue"] as? String
        } while token != nil
        // Every namespace holds the ConfigMap kube-root-ca.crt too, as in Kubernetes.
        #expect(names == (0..<7).map { "item-\($0)" } + ["kube-root-ca.crt"])
        let even = try TestServer.json(try await server.http("GET", "\(cms)?labelSelector=parity%3Deven").body)
        #expect((even["items"] as? [Any])?.count == 4)
        let notIn = try TestServer.json(try await server.http("GET", "\(cms)?labelSelector=parity+notin+%28even%29").body)
        #expect((notIn["items"] as? [Any])?.count == 3 + 1)  // kube-root-ca.crt has no parity
        let named = try TestServer.json(try await server.http("GET", "/api/v1/configmaps?fieldSelector=metadata.name%3Ditem-3").body)
        #expect((named["items"] as? [Any])?.count == 1)
    }

    @Test func watchReplaysFromResourceVersion() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        // A watch from a recent version replays what came after, then ends at timeoutSeconds.
        let list = try TestServer.json(try await server.http("GET", "/api/v1/namespaces/default/configmaps").body)
        let rv = (list["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        _ = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: try Self.body(Self.configMap("later")))
        let replay = try await server.http("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(rv)&timeoutSeconds=1")
        let events = String(decoding: replay.body, as: UTF8.self).split(separator: "\n").map { try? TestServer.json(Data($0.utf8)) }
        #expect(events.first??["type"] as? String == "ADDED")
        // Bookmarks when asked for.
        let bookmarks = try await server.http("GET", "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=\(rv)&timeoutSeconds=1&allowWatchBookmarks=true")
        let types = String(decoding: bookmarks.body, as: UTF8.self).split(separator: "\n").compactMap { try? TestServer.json(Data($0.utf8))["type"] as? String }
        #expect(types.contains("BOOKMARK"), "\(types)")
    }

    @Test func finalizersOwnersAndNamespaces() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        _ = try await server.http("POST", "/api/v1/namespaces", body: try Self.body(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "scratch"]]))
        let cms = "/api/v1/namespaces/scratch/configmaps"
        // Finalizers hold deletion until removed.
        var held = Self.configMap("held")
        held["metadata"] = ["name": "held", "finalizers": ["example.com/hold"]]
        _ = try await server.http("POST", cms, body: try Self.body(held))
        #expect(try await server.http("DELETE", "\(cms)/held").status == 200)
        let marked = try TestServer.json(try await server.http("GET", "\(cms)/held").body)
        #expect((marked["metadata"] as? [String: Any])?["deletionTimestamp"] != nil)
        _ = try await server.http("PATCH", "\(cms)/held", body: Data(#"{"metadata":{"finalizers":null}}"#.utf8), contentType: "application/merge-patch+json")
        #expect(try await server.http("GET", "\(cms)/held").status == 404)
        // Owner references: dependents go with their owner.
        let owner = try TestServer.json(try await server.http("POST", cms, body: try Self.body(Self.configMap("owner"))).body)
        let uid = (owner["metadata"] as? [String: Any])?["uid"] as? String ?? ""
        var dependent = Self.configMap("dependent")
        dependent["metadata"] = ["name": "dependent", "ownerReferences": [["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": uid]]]
        _ = try await server.http("POST", cms, body: try Self.body(dependent))
        _ = try await server.http("DELETE", "\(cms)/owner", body: try Self.body(["propagationPolicy": "Background"]))
        #expect(try await server.http("GET", "\(cms)/dependent").status == 404)
        // Namespace deletion removes its contents, then the namespace.
        _ = try await server.http("POST", cms, body: try Self.body(Self.configMap("content")))
        _ = try await server.http("DELETE", "/api/v1/namespaces/scratch")
        #expect(try await server.http("GET", "\(cms)/content").status == 404)
        #expect(try await server.http("GET", "/api/v1/namespaces/scratch").status == 404)
    }

    @Test func propagationPoliciesAndCollections() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let cms = "/api/v1/namespaces/default/configmaps"
        func make(_ name: String, owner: String? = nil, finalizers: [String] = []) async throws -> String {
            var meta: [String: Any] = ["name": name, "labels": ["set": "gc"]]
            if let owner { meta["ownerReferences"] = [["apiVersion": "v1", "kind": "ConfigMap", "name": "o", "uid": owner]] }
            if !finalizers.isEmpty { meta["finalizers"] = finalizers }
            var cm = Self.configMap(name)
            cm["metadata"] = meta
            let created = try TestServer.json(try await server.http("POST", cms, body: try Self.body(cm)).body)
            return (created["metadata"] as? [String: Any])?["uid"] as? String ?? ""
        }
        // Orphan keeps the dependent and drops its owner reference.
        let orphanOwner = try await make("orphan-owner")
        _ = try await make("orphan-child", owner: orphanOwner)
        _ = try await server.http("DELETE", "\(cms)/orphan-owner", body: try Self.body(["propagationPolicy": "Orphan"]))
        #expect(try await server.http("GET", "\(cms)/orphan-owner").status == 404)
        let child = try TestServer.json(try await server.http("GET", "\(cms)/orphan-child").body)
        #expect((child["metadata"] as? [String: Any])?["ownerReferences"] == nil)
        // Foreground waits for dependents (here held by a finalizer) before the owner goes.
        let fgOwner = try await make("fg-owner")
        _ = try await make("fg-child", owner: fgOwner, finalizers: ["example.com/hold"])
        _ = try await server.http("DELETE", "\(cms)/fg-owner?propagationPolicy=Foreground")
        let waiting = try TestServer.json(try await server.http("GET", "\(cms)/fg-owner").body)
        #expect(((waiting["metadata"] as? [String: Any])?["finalizers"] as? [String]) == ["foregroundDeletion"])
        _ = try await server.http("PATCH", "\(cms)/fg-child", body: Data(#"{"metadata":{"finalizers":null}}"#.utf8),
                                  contentType: "application/merge-patch+json")
        #expect(try await server.http("GET", "\(cms)/fg-child").status == 404)
        #expect(try await server.http("GET", "\(cms)/fg-owner").status == 404)
        // Delete collection by label; dryRun deletes nothing.
        _ = try await make("c1")
        _ = try await make("c2")
        _ = try await server.http("DELETE", "\(cms)?labelSelector=set%3Dgc&dryRun=All")
        #expect(try await server.http("GET", "\(cms)/c1").status == 200)
        _ = try await server.http("DELETE", "\(cms)?labelSelector=set%3Dgc")
        let left = try TestServer.json(try await server.http("GET", "\(cms)?labelSelector=set%3Dgc").body)
        #expect((left["items"] as? [Any])?.isEmpty == true)
    }

    @Test func customResourceStatusSubresource() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let crd: [String: Any] = [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "widgets.example.com"],
            "spec": ["group": "example.com", "scope": "Namespaced",
                     "names": ["plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList"],
                     "versions": [["name": "v1", "served": true, "storage": true, "subresources": ["status": [:]],
                                   "schema": ["openAPIV3Schema": ["type": "object", "properties": [
                                       "spec": ["type": "object", "properties": ["size": ["type": "integer", "default": 1]]],
                                       "status": ["type": "object", "properties": ["phase": ["type": "string"]]]]]]]]],
        ]
        #expect(try await server.http("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: try Self.body(crd)).status == 201)
        let widgets = "/apis/example.com/v1/namespaces/default/widgets"
        let widget: [String: Any] = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": [:], "status": ["phase": "x"]]
        let created = try TestServer.json(try await server.http("POST", widgets, body: try Self.body(widget)).body)
        #expect((created["spec"] as? [String: Any])?["size"] as? Int == 1, "schema default")
        #expect(created["status"] == nil, "status is dropped on create with a status subresource")
        let wrongType = try await server.http("POST", widgets, body: try Self.body(["apiVersion": "example.com/v1", "kind": "Widget",
                                                                                   "metadata": ["name": "bad"], "spec": ["size": "big"]]))
        #expect(wrongType.status == 422)
        _ = try await server.http("PATCH", "\(widgets)/w/status", body: Data(#"{"status":{"phase":"Ready"}}"#.utf8), contentType: "application/merge-patch+json")
        let main = try TestServer.json(try await server.http("PATCH", "\(widgets)/w", body: Data(#"{"status":{"phase":"Nope"},"spec":{"size":2}}"#.utf8),
                                                              contentType: "application/merge-patch+json").body)
        #expect((main["status"] as? [String: Any])?["phase"] as? String == "Ready")
        #expect((main["metadata"] as? [String: Any])?["generation"] as? Int == 2)
        #expect(try await server.http("PATCH", "\(widgets)/w", body: Data("{}".utf8), contentType: "application/strategic-merge-patch+json").status == 415)
        _ = try await server.http("DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com")
        #expect(try await server.http("GET", widgets).status == 404)
    }

    @Test func lockRestartAndShutdown() async throws {
        let server = try await TestServer()
        let cms = "/api/v1/namespaces/default/configmaps"
        _ = try await server.http("POST", cms, body: try Self.body(Self.configMap("kept")))
        // A second server on the same directory refuses.
        let second = try await Shell.execute(TestServer.binDirectory.appendingPathComponent("sluice").path,
                                             ["cluster", "serve", "--listen", "127.0.0.1:0", "--data", server.directory.path])
        #expect(second.status != 0)
        let message = second.stderr
        #expect(message.contains("already using"), "\(message)")
        // SIGTERM stops it cleanly; a restart on the same data has the object.
        await server.stop(keepData: true)
        #expect(server.process.terminationStatus == 0)
        let restarted = try await TestServer(directory: server.directory)
        defer { restarted.stopNow() }
        #expect(try await restarted.http("GET", "\(cms)/kept").status == 200)
        // History starts at the restart: a watch from before it is 410 Gone, as after compaction.
        let watch = try await restarted.http("GET", "\(cms)?watch=true&resourceVersion=1&timeoutSeconds=2")
        let first = String(decoding: watch.body, as: UTF8.self).split(separator: "\n").first.map { Data($0.utf8) } ?? Data()
        let line = try TestServer.json(first)
        #expect(line["type"] as? String == "ERROR")
        #expect((line["object"] as? [String: Any])?["code"] as? Int == 410)
        #expect((line["object"] as? [String: Any])?["reason"] as? String == "Expired")
    }
}
