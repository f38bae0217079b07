import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceKube

@Suite("watch and informer over HTTP")
struct WatchTests {
    @Test func watchStreamsEventsThenEndsWithGone() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            return .watch([
                Fixtures.event("ADDED", Fixtures.configMapJSON("a", rv: "11")),
                Fixtures.event("MODIFIED", Fixtures.configMapJSON("a", rv: "12", data: ["k": "v"])),
                Fixtures.event("BOOKMARK", ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["resourceVersion": "15"]]),
                Fixtures.event("DELETED", Fixtures.configMapJSON("a", rv: "16")),
                Fixtures.event("ERROR", ["kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 410, "reason": "Expired",
                                         "message": "too old resource version: 10 (16)"]),
            ])
        }
        defer { server.stop() }
        let client = try ClientHTTPTests.client(server)
        var seen: [String] = []
        await #expect(throws: KubernetesError.gone("too old resource version: 10 (16)")) {
            for try await event in client.watch(Fixtures.configMap, namespace: "default", resourceVersion: "10", labelSelector: "app=x", timeoutSeconds: 30) {
                seen.append("\(event.type.rawValue) \(event.object.resourceVersion ?? "")")
            }
        }
        #expect(seen == ["ADDED 11", "MODIFIED 12", "BOOKMARK 15", "DELETED 16"])
        let request = try #require(await server.log.nonDiscovery.first)
        #expect(request.path == "/api/v1/namespaces/default/configmaps")
        #expect(request.query == ["watch": "true", "resourceVersion": "10", "labelSelector": "app=x", "allowWatchBookmarks": "true", "timeoutSeconds": "30"])
    }

    @Test func httpGoneAndCleanEndOfStream() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if request.query["resourceVersion"] == "1" { return .status(410, reason: "Expired", message: "too old") }
            return .watch([Fixtures.event("ADDED", Fixtures.configMapJSON("a", rv: "5"))])
        }
        defer { server.stop() }
        let client = try ClientHTTPTests.client(server)
        await #expect(throws: KubernetesError.gone("too old")) {
            for try await _ in client.watch(Fixtures.configMap, namespace: nil, resourceVersion: "1") {}
        }
        // The protocol's watch: a server that closes the stream ends it without error.
        var names: [String] = []
        for try await event in client.watch(Fixtures.configMap, namespace: nil, resourceVersion: "4") { names.append(event.object.name) }
        #expect(names == ["a"])
    }

    @Test func manyOpenWatchesDoNotStarveRequests() async throws {
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if request.query["watch"] == "true" {
                // Send one event, then stay open.
                return FakeResponse(status: 200, chunks: [JSONSerializer().bytes(Fixtures.event("ADDED", Fixtures.configMapJSON("w"))) + [10], [10]],
                                    chunkDelay: .seconds(60))
            }
            return .json(Fixtures.configMapJSON("x"))
        }
        defer { server.stop() }
        let client = try ClientHTTPTests.client(server)
        let watchCount = 20
        let opened = Counter()
        let watchers = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<watchCount {
                    group.addTask {
                        try? await Self.drain(client.watch(Fixtures.configMap, namespace: nil, resourceVersion: "1"), counting: opened)
                    }
                }
            }
        }
        try await eventually { await opened.peek() == watchCount }
        // Every watch holds its connection, and an ordinary request still goes through.
        #expect(try await client.get(Fixtures.configMap, namespace: "default", name: "x")?.name == "x")
        watchers.cancel()
    }

    static func drain(_ stream: AsyncThrowingStream<WatchEvent, any Error>, counting counter: Counter) async throws {
        for try await _ in stream { _ = await counter.next() }
    }

    @Test func informerListsWatchesAndRelistsOnGone() async throws {
        let lists = Counter()
        let watches = Counter()
        let server = try await FakeAPIServer.start { request in
            if let discovery = Discovery.respond(request.path) { return discovery }
            if request.query["watch"] == "true" {
                switch await watches.next() {
                case 1:
                    #expect(request.query["resourceVersion"] == "10")
                    return .watch([
                        Fixtures.event("MODIFIED", Fixtures.configMapJSON("a", rv: "11", data: ["k": "2"])),
                        Fixtures.event("ADDED", Fixtures.configMapJSON("c", rv: "12")),
                        Fixtures.event("BOOKMARK", ["kind": "ConfigMap", "apiVersion": "v1", "metadata": ["resourceVersion": "14"]]),
                    ])
                case 2:
                    // Resumed from the bookmark's version after the clean end.
                    #expect(request.query["resourceVersion"] == "14")
                    return .watch([Fixtures.event("ERROR", ["kind": "Status", "code": 410, "reason": "Expired", "message": "too old"])])
                case 3:
                    return .status(500, reason: "InternalError", message: "flaky")
                default:
                    // Hold the watch open (quietly) until the test ends.
                    return FakeResponse(status: 200, chunks: [Array("\n".utf8), Array("\n".utf8)], chunkDelay: .seconds(30))
                }
            }
            let items: [JSONValue]
            let rv: String
            if await lists.next() == 1 {
                items = [Fixtures.configMapJSON("a", rv: "3", withTypeMeta: false), Fixtures.configMapJSON("b", rv: "4", withTypeMeta: false)]
                rv = "10"
            } else {
                // While the watch was gone, b was deleted and c changed.
                items = [Fixtures.configMapJSON("a", rv: "11", withTypeMeta: false), Fixtures.configMapJSON("c", rv: "20", withTypeMeta: false)]
                rv = "30"
            }
            return .json(["kind": "ConfigMapList", "apiVersion": "v1", "metadata": ["resourceVersion": .string(rv)], "items": .array(items)])
        }
        defer { server.stop() }
        let client = try ClientHTTPTests.client(server)
        let informer = Informer(client: client, gvk: Fixtures.configMap, namespace: "default")
        let log = ChangeLog()
        await informer.addHandler { change in await log.record(change) }
        let stream = await informer.changes()
        await informer.start()
        await informer.waitForSync()
        #expect(await informer.hasSynced)

        var fromStream: [String] = []
        for await change in stream {
            fromStream.append(ChangeLog.describe(change))
            if fromStream.count == 6 { break }
        }
        // The re-list after 410 reports what changed while the watch was gone, deletions included.
        let expected = ["added a 3", "added b 4", "updated a 11", "added c 12", "updated c 20", "deleted b 4"]
        #expect(fromStream == expected)
        #expect(await log.entries == expected)
        // After the 500 the informer backs off and watches again from the re-list's version.
        try await eventually { await watches.peek() >= 4 }
        #expect(await informer.listCount == 2)
        #expect(await informer.objects().map(\.name) == ["a", "c"])
        #expect(await informer.get(namespace: "default", name: "c")?.resourceVersion == "20")
        await informer.stop()
    }
}
