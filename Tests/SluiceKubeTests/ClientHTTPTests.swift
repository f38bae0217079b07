import Foundation
import SluiceCore
import Testing
@testable import SluiceKube

/// The client against a real HTTP listener that plays a Kubernetes API server.
@Suite("client over HTTP")
struct ClientHTTPTests {
    static func client(_ server: FakeAPIServer, credentials: Credentials = .bearerToken("t0ken"), maxRetries: Int = 5,
                       namespace: String = "default") throws -> KubernetesClient
    {
        try KubernetesClient(configuration: ClientConfiguration(server: server.url, credentials: credentials, namespace: namespace),
                             maxRetries: maxRetries)
    }

    @Test func getSendsTokenAndUserAgentAndMapsNotFoundToNil() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            guard request.headers["authorization"] == "Bearer t0ken" else { return .status(401, reason: "Unauthorized", message: "Unauthorized") }
            switch request.path {
            case "/api/v1/namespaces/apps/configmaps/settings":
                // Leave out apiVersion/kind as list items do: the client fills them in.
                return .json(Fixtures.configMapJSON("settings", namespace: "apps", rv: "42", data: ["a": "1"], withTypeMeta: false))
            default:
                return .status(404, reason: "NotFound", message: "configmaps \"missing\" not found")
            }
        }
        defer { server.stop() }
        let client = try Self.client(server)
        let object = try #require(try await client.get(Fixtures.configMap, namespace: "apps", name: "settings"))
        #expect(object.resourceVersion == "42")
        #expect(object.kind == "ConfigMap" && object.apiVersion == "v1")
        #expect(object["data", "a"] == "1")
        #expect(try await client.get(Fixtures.configMap, namespace: "apps", name: "missing") == nil)
        let requests = await server.log.requests
        #expect(requests.allSatisfy { $0.headers["user-agent"] == "sluice/\(SluiceVersion.current)" })
        // Discovery of the core group happened once, not per request.
        #expect(requests.filter { $0.path == "/api/v1" }.count == 1)

        let wrongToken = try Self.client(server, credentials: .bearerToken("wrong"))
        await #expect(throws: KubernetesError.unauthorized("Unauthorized")) {
            _ = try await wrongToken.get(Fixtures.configMap, namespace: "apps", name: "settings")
        }
    }

    @Test func tokenFileIsReadAndReReadAfterUnauthorized() async throws {
        let dir = try Fixtures.temporaryDirectory()
        let tokenPath = dir.appendingPathComponent("token").path
        try Data("first\n".utf8).write(to: URL(fileURLWithPath: tokenPath))
        let rotated = Flag()
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            let expected = await rotated.value ? "Bearer second" : "Bearer first"
            guard request.headers["authorization"] == expected else { return .status(401, reason: "Unauthorized", message: "Unauthorized") }
            return .json(Fixtures.configMapJSON("x"))
        }
        defer { server.stop() }
        let client = try Self.client(server, credentials: .bearerTokenFile(tokenPath))
        #expect(try await client.get(Fixtures.configMap, namespace: "default", name: "x")?.name == "x")
        // The token rotates on disk; the cached one is refused, so the client reads the file again and retries once.
        try Data("second\n".utf8).write(to: URL(fileURLWithPath: tokenPath))
        await rotated.set()
        #expect(try await client.get(Fixtures.configMap, namespace: "default", name: "x")?.name == "x")
        let presented = await server.log.nonDiscovery.map { $0.headers["authorization"] ?? "" }
        #expect(presented == ["Bearer first", "Bearer first", "Bearer second"])
    }

    @Test func listWithSelectorFollowsContinuePages() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            guard request.path == "/api/v1/namespaces/apps/configmaps" else { return .status(404, reason: "NotFound", message: "no") }
            let items: [JSONValue]
            var metadata: JSONObject = ["resourceVersion": "77"]
            switch request.query["continue"] {
            case nil:
                items = [Fixtures.configMapJSON("a", namespace: "apps", withTypeMeta: false), Fixtures.configMapJSON("b", namespace: "apps", withTypeMeta: false)]
                metadata["continue"] = "page2"
            case "page2":
                items = [Fixtures.configMapJSON("c", namespace: "apps", withTypeMeta: false)]
            default:
                return .status(410, reason: "Expired", message: "continue token expired")
            }
            return .json(["kind": "ConfigMapList", "apiVersion": "v1", "metadata": .object(metadata), "items": .array(items)])
        }
        defer { server.stop() }
        let client = try Self.client(server)
        let selector = LabelSelector([.equals("app", "web"), .in("env", ["prod"])]).description
        let page = try await client.list(Fixtures.configMap, namespace: "apps", labelSelector: selector, limit: 2)
        #expect(page.list.items.map(\.name) == ["a", "b"])
        #expect(page.continueToken == "page2")
        let all = try await client.listAll(Fixtures.configMap, namespace: "apps", labelSelector: selector, pageSize: 2)
        #expect(all.items.map(\.name) == ["a", "b", "c"])
        #expect(all.items.allSatisfy { $0.kind == "ConfigMap" })
        #expect(all.resourceVersion == "77")
        let lists = await server.log.nonDiscovery
        #expect(lists.allSatisfy { $0.query["labelSelector"] == "app=web,env in (prod)" && $0.query["limit"] == "2" })
        #expect(lists.map { $0.query["continue"] ?? "-" } == ["-", "-", "page2"])
    }

    @Test func writesUseTheRightVerbsContentTypesAndQueries() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if request.method == "DELETE" {
                return .json(["kind": "Status", "apiVersion": "v1", "status": "Success"])
            }
            // Echo the body back as the stored object.
            var object = Fixtures.parse(request.body)
            if object["metadata"] != nil { object[path: ["metadata", "resourceVersion"]] = "9" } else { object = Fixtures.configMapJSON("x", rv: "9") }
            return .json(object, status: request.method == "POST" ? 201 : 200)
        }
        defer { server.stop() }
        let client = try Self.client(server, namespace: "team")
        var cm = KubeObject(Fixtures.configMapJSON("x", data: ["k": "v"]).objectValue!)
        cm.namespace = nil
        // A namespaced object without a namespace goes to the configuration's namespace.
        let created = try await client.create(cm, dryRun: true, fieldManager: "sluice")
        #expect(created.resourceVersion == "9")
        _ = try await client.update(created)
        _ = try await client.updateStatus(created)
        _ = try await client.mergePatch(Fixtures.configMap, namespace: "team", name: "x", patch: ["data": ["k": "w"]], subresource: nil)
        _ = try await client.mergePatch(Fixtures.configMap, namespace: "team", name: "x", patch: ["status": ["ok": true]], subresource: .status)
        _ = try await client.jsonPatch(Fixtures.configMap, namespace: "team", name: "x", operations: [["op": "replace", "path": "/data/k", "value": "z"]])
        _ = try await client.strategicMergePatch(Fixtures.configMap, namespace: "team", name: "x", patch: ["data": ["k": "s"]], dryRun: true)
        _ = try await client.apply(created, fieldManager: "kustomize-controller", force: true)
        let deleted = try await client.delete(Fixtures.configMap, namespace: "team", name: "x", propagationPolicy: .foreground,
                                              preconditions: DeletePreconditions(uid: "u1", resourceVersion: "9"))
        #expect(deleted == nil)
        _ = try await client.create(KubeObject(apiVersion: "v1", kind: "Namespace", name: "flux-system"))

        let requests = await server.log.nonDiscovery
        let summary = requests.map { "\($0.method) \($0.path) \($0.headers["content-type"] ?? "-") \($0.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))" }
        #expect(summary == [
            "POST /api/v1/namespaces/team/configmaps application/json dryRun=All&fieldManager=sluice",
            "PUT /api/v1/namespaces/team/configmaps/x application/json ",
            "PUT /api/v1/namespaces/team/configmaps/x/status application/json ",
            "PATCH /api/v1/namespaces/team/configmaps/x application/merge-patch+json ",
            "PATCH /api/v1/namespaces/team/configmaps/x/status application/merge-patch+json ",
            "PATCH /api/v1/namespaces/team/configmaps/x application/json-patch+json ",
            "PATCH /api/v1/namespaces/team/configmaps/x application/strategic-merge-patch+json dryRun=All",
            "PATCH /api/v1/namespaces/team/configmaps/x application/apply-patch+yaml fieldManager=kustomize-controller&force=true",
            "DELETE /api/v1/namespaces/team/configmaps/x application/json ",
            "POST /api/v1/namespaces application/json ",
        ])
        #expect(Fixtures.parse(requests[5].body) == [["op": "replace", "path": "/data/k", "value": "z"]])
        #expect(Fixtures.parse(requests[8].body) == ["apiVersion": "v1", "kind": "DeleteOptions", "propagationPolicy": "Foreground",
                                                      "preconditions": ["uid": "u1", "resourceVersion": "9"]])
        #expect(Fixtures.parse(requests[7].body)["metadata"]?["namespace"] == "team")
    }

    @Test func errorsAreMappedFromStatusBodies() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            switch (request.method, request.path.split(separator: "/").last.map(String.init) ?? "") {
            case ("POST", _): return .status(409, reason: "AlreadyExists", message: "configmaps \"x\" already exists")
            case ("PUT", "x"): return .status(422, reason: "Invalid", message: "ConfigMap \"x\" is invalid",
                                               causes: [["field": "data", "message": "too big", "reason": "FieldValueTooLong"]])
            case ("GET", "secret"): return .status(403, reason: "Forbidden", message: "secrets \"secret\" is forbidden")
            case ("GET", _): return FakeResponse(status: 503, chunks: [Array("backend down".utf8)])
            default: return .status(404, reason: "NotFound", message: "nope")
            }
        }
        defer { server.stop() }
        let client = try Self.client(server)
        let cm = KubeObject(Fixtures.configMapJSON("x").objectValue!)
        await #expect(throws: KubernetesError.conflict("configmaps \"x\" already exists")) { try await client.create(cm) }
        await #expect(throws: KubernetesError.invalid("ConfigMap \"x\" is invalid", causes: ["data: too big"])) { try await client.update(cm) }
        await #expect(throws: KubernetesError.forbidden("secrets \"secret\" is forbidden")) {
            _ = try await client.get(GroupVersionKind(group: "", version: "v1", kind: "Secret"), namespace: "default", name: "secret")
        }
        await #expect(throws: KubernetesError.other(code: 503, "backend down")) {
            _ = try await client.get(Fixtures.configMap, namespace: "default", name: "y")
        }
        await #expect(throws: KubernetesError.notFound("nope")) {
            try await client.mergePatch(Fixtures.configMap, namespace: "default", name: "x", patch: [:], subresource: nil)
        }
    }

    @Test func tooManyRequestsIsRetriedAfterRetryAfter() async throws {
        let count = Counter()
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if await count.next() == 1 {
                return .status(429, reason: "TooManyRequests", message: "slow down", headers: [("Retry-After", "1")])
            }
            return .json(Fixtures.configMapJSON("x"))
        }
        defer { server.stop() }
        let client = try Self.client(server)
        let object = try await client.get(Fixtures.configMap, namespace: "default", name: "x")
        #expect(object?.name == "x")
        #expect(await server.log.nonDiscovery.count == 2)

        // With no retries left, the 429 surfaces with its Retry-After.
        let always = try await FakeAPIServer.start { request in
            Discovery.respond(request.path) ?? .status(429, reason: "TooManyRequests", message: "slow down", headers: [("Retry-After", "4")])
        }
        defer { always.stop() }
        let impatient = try Self.client(always, maxRetries: 0)
        await #expect(throws: KubernetesError.tooManyRequests("slow down", retryAfter: 4)) {
            _ = try await impatient.get(Fixtures.configMap, namespace: "default", name: "x")
        }
    }

    @Test func mapperRereadsDiscoveryWhenAKindAppears() async throws {
        let installed = Flag()
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path, withWidgets: await installed.value) { return discovery }
            return .json(["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w", "namespace": "default"]])
        }
        defer { server.stop() }
        let client = try Self.client(server)
        await #expect(throws: KubernetesError.notFound("no matches for kind \"Widget\" in version \"example.com/v1\"")) {
            _ = try await client.get(Fixtures.widget, namespace: "default", name: "w")
        }
        await installed.set()
        // The CRD now exists: the mapper asks again instead of trusting its cache.
        let widget = try await client.get(Fixtures.widget, namespace: "default", name: "w")
        #expect(widget?.name == "w")
        let resource = try await client.mapper.resource(named: "wd")
        #expect(resource.name == "widgets" && resource.namespaced)
        #expect(try await client.mapper.resource(named: "configmaps").kind == "ConfigMap")
        #expect(try await client.mapper.resource(named: "ns").namespaced == false)
        await #expect(throws: KubernetesError.self) { _ = try await client.mapper.resource(named: "gadgets") }
    }
}
