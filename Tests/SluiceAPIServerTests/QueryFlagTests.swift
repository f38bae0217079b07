import Foundation
import SluiceTestSupport
import Testing

/// Boolean query parameters read as Kubernetes reads them (`True`, `t`, `yes` are true; only `0` and `false` in any
/// case are false), against a real `sluice cluster serve`: `force`, `orphanDependents`, `allowWatchBookmarks`.
/// (`watch` is in `WatchVerbTests`.)
@Suite struct QueryFlagTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"

    func apply(_ server: TestServer, manager: String, value: String, query: String = "") async throws -> Int {
        let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"shared"},"data":{"key":"\#(value)"}}"#
        return try await server.http("PATCH", "\(Self.configMaps)/shared?fieldManager=\(manager)\(query)", body: Data(body.utf8),
                                     contentType: "application/apply-patch+yaml").status
    }

    @Test func forceTakesAFieldWithTrueInAnyCase() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        #expect(try await apply(server, manager: "first", value: "one") == 201)
        #expect(try await apply(server, manager: "second", value: "two") == 409)
        #expect(try await apply(server, manager: "second", value: "two", query: "&force=FALSE") == 409)
        #expect(try await apply(server, manager: "second", value: "two", query: "&force=True") == 200)
        #expect(try await apply(server, manager: "first", value: "three", query: "&force=t") == 200)
    }

    @Test func orphanDependentsKeepsTheDependentWithTrueInAnyCase() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        for (spelling, orphaned) in [("True", true), ("1", true), ("False", false)] {
            let created = try await server.http("POST", Self.configMaps, body: Data(#"{"metadata":{"name":"owner"}}"#.utf8))
            let uid = (try TestServer.json(created.body)["metadata"] as? [String: Any])?["uid"] as? String ?? ""
            let dependent = #"{"metadata":{"name":"dependent","ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"owner","uid":"\#(uid)"}]}}"#
            #expect(try await server.http("POST", Self.configMaps, body: Data(dependent.utf8)).status == 201)
            #expect(try await server.http("DELETE", "\(Self.configMaps)/owner?orphanDependents=\(spelling)").status == 200)
            let kept = try await server.http("GET", "\(Self.configMaps)/dependent")
            #expect((kept.status == 200) == orphaned, "orphanDependents=\(spelling): \(kept.status)")
            if orphaned {
                #expect((try TestServer.json(kept.body)["metadata"] as? [String: Any])?["ownerReferences"] == nil, "\(spelling)")
                _ = try await server.http("DELETE", "\(Self.configMaps)/dependent")
            }
        }
    }

    @Test func allowWatchBookmarksWithTrueInAnyCase() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let watch = try CurlWatch(server, "\(Self.configMaps)?watch=1&allowWatchBookmarks=True")
        defer { watch.end() }
        // The test server sends a bookmark every 300 ms.
        try await eventually { watch.body.contains(#""type":"BOOKMARK""#) }
    }
}
