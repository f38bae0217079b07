import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceKube

@Suite("selectors, rate limits, error mapping, framing")
struct PureTests {
    @Test func labelSelectorsAndQueryEncoding() {
        let selector = LabelSelector([.equals("app", "web"), .notEquals("tier", "db"), .in("env", ["prod", "dev"]),
                                      .notIn("zone", ["b"]), .exists("owner"), .doesNotExist("legacy")])
        #expect(selector.description == "app=web,tier!=db,env in (dev,prod),zone notin (b),owner,!legacy")
        #expect(LabelSelector(matching: ["b": "2", "a": "1"]).description == "a=1,b=2")
        var query = QueryItems()
        query.add("labelSelector", selector.description)
        query.add("limit", "2")
        query.add("skipped", nil)
        #expect(query.string == "?labelSelector=app%3Dweb%2Ctier%21%3Ddb%2Cenv%20in%20%28dev%2Cprod%29%2Czone%20notin%20%28b%29%2Cowner%2C%21legacy&limit=2")
        #expect(QueryItems().string == "")
        #expect(QueryItems.encode("ünï/x") == "%C3%BCn%C3%AF%2Fx")
    }

    @Test func resourcePaths() {
        let cm = APIResource(group: "", version: "v1", kind: "ConfigMap", name: "configmaps", namespaced: true)
        #expect(cm.collectionPath(namespace: "ns") == "/api/v1/namespaces/ns/configmaps")
        #expect(cm.collectionPath(namespace: nil) == "/api/v1/configmaps")
        #expect(cm.objectPath(namespace: "ns", name: "x", subresource: .status) == "/api/v1/namespaces/ns/configmaps/x/status")
        let ns = APIResource(group: "", version: "v1", kind: "Namespace", name: "namespaces", namespaced: false)
        #expect(ns.objectPath(namespace: "ignored", name: "flux-system") == "/api/v1/namespaces/flux-system")
        let gr = APIResource(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository", name: "gitrepositories", namespaced: true)
        #expect(gr.objectPath(namespace: "flux-system", name: "podinfo") == "/apis/source.toolkit.fluxcd.io/v1/namespaces/flux-system/gitrepositories/podinfo")
    }

    @Test func tokenBucketAllowsABurstThenPacesAtQPS() {
        var bucket = TokenBucket(qps: 2, burst: 3, now: 0)
        // Three immediate tokens, then one every half second, queued behind each other.
        #expect((0..<3).map { _ in bucket.reserve(now: 0) } == [0, 0, 0])
        #expect(bucket.reserve(now: 0) == 0.5)
        #expect(bucket.reserve(now: 0) == 1.0)
        // After 10 s the bucket is full again but never holds more than the burst.
        #expect((0..<3).map { _ in bucket.reserve(now: 10) } == [0, 0, 0])
        #expect(bucket.reserve(now: 10) == 0.5)
        // Unlimited when qps is 0.
        var open = TokenBucket(qps: 0, burst: 1)
        #expect((0..<100).allSatisfy { _ in open.reserve(now: 0) == 0 })
        // A caller that waits out each reservation gets 300 + 50 * 60 requests through in the first 60 s (Flux's defaults).
        var flux = TokenBucket(qps: 50, burst: 300)
        var now = 0.0
        var sent = 0
        while true {
            now += flux.reserve(now: now)
            if now > 60 { break }
            sent += 1
        }
        #expect(abs(sent - (300 + 50 * 60)) <= 1)
    }

    @Test func errorMappingKeepsTheServersMessage() {
        func status(_ code: Int, _ reason: String, _ message: String, causes: JSONValue? = nil, retry: Int64? = nil) -> [UInt8] {
            var value: JSONValue = ["kind": "Status", "status": "Failure", "message": .string(message), "reason": .string(reason), "code": .int(Int64(code))]
            var details = JSONObject()
            if let causes { details["causes"] = causes }
            if let retry { details["retryAfterSeconds"] = .int(retry) }
            if !details.isEmpty { value["details"] = .object(details) }
            return JSONSerializer().bytes(value)
        }
        #expect(KubernetesError.from(statusCode: 404, body: status(404, "NotFound", "configmaps \"x\" not found")) == .notFound("configmaps \"x\" not found"))
        #expect(KubernetesError.from(statusCode: 409, body: status(409, "AlreadyExists", "configmaps \"x\" already exists"))
            == .conflict("configmaps \"x\" already exists"))
        let invalid = KubernetesError.from(statusCode: 422, body: status(422, "Invalid", "ConfigMap \"x\" is invalid",
            causes: [["field": "metadata.name", "message": "Invalid value: \"X\"", "reason": "FieldValueInvalid"], ["reason": "FieldValueRequired", "message": "required"]]))
        #expect(invalid == .invalid("ConfigMap \"x\" is invalid", causes: ["metadata.name: Invalid value: \"X\"", "required"]))
        #expect(invalid.description == "invalid: ConfigMap \"x\" is invalid (metadata.name: Invalid value: \"X\"; required)")
        #expect(KubernetesError.from(statusCode: 410, body: status(410, "Expired", "too old resource version: 1 (5)")) == .gone("too old resource version: 1 (5)"))
        #expect(KubernetesError.from(statusCode: 429, body: status(429, "TooManyRequests", "slow down"), retryAfter: "3") == .tooManyRequests("slow down", retryAfter: 3))
        #expect(KubernetesError.from(statusCode: 429, body: status(429, "TooManyRequests", "slow", retry: 7)) == .tooManyRequests("slow", retryAfter: 7))
        #expect(KubernetesError.from(statusCode: 401, body: Array("Unauthorized".utf8)) == .unauthorized("Unauthorized"))
        #expect(KubernetesError.from(statusCode: 403, body: status(403, "Forbidden", "no")) == .forbidden("no"))
        #expect(KubernetesError.from(statusCode: 500, body: []) == .other(code: 500, "HTTP 500"))
        // A watch ERROR event carries a Status whose code says what happened.
        #expect(KubernetesError.from(status: ["kind": "Status", "code": 410, "reason": "Expired", "message": "gone"]) == .gone("gone"))
    }

    @Test func lineSplitterReassemblesEventsAcrossChunks() throws {
        var splitter = LineSplitter()
        #expect(try splitter.feed(Array("{\"a\":".utf8)).isEmpty)
        #expect(try splitter.feed(Array("1}\r\n\n{\"b\"".utf8)) == [Array("{\"a\":1}".utf8)])
        #expect(try splitter.feed(Array(":2}\n{\"c\":3}".utf8)) == [Array("{\"b\":2}".utf8)])
        #expect(splitter.finish() == Array("{\"c\":3}".utf8))
        var small = LineSplitter(maxLineLength: 4)
        #expect(throws: KubernetesError.self) { try small.feed(Array("123456".utf8)) }
    }

    @Test func discoveryDocumentsSkipSubresources() {
        let resources = RESTMapper.parseResourceList(Discovery.coreResources, groupVersion: "v1")
        #expect(resources.map(\.name) == ["namespaces", "configmaps", "secrets"])
        #expect(resources[0].namespaced == false && resources[0].shortNames == ["ns"])
        let widgets = RESTMapper.parseResourceList(Discovery.widgetResources(), groupVersion: "example.com/v1")
        #expect(widgets.map(\.gvk) == [Fixtures.widget])
    }
}

@Suite("rate limiter and informer without a network")
struct LimiterAndInformerTests {
    @Test func rateLimiterLetsABurstThroughWithoutWaiting() async throws {
        // Unlimited and a generous burst both admit at once; pacing itself is tested on TokenBucket.
        let limiter = RateLimiter(qps: 0, burst: 1)
        for _ in 0..<1000 { try await limiter.acquire() }
        let bursty = RateLimiter(qps: 0.001, burst: 50)
        for _ in 0..<50 { try await bursty.acquire() }
        // The 51st must wait (about 1,000 s at this rate, so never by accident); cancelling the wait surfaces as CancellationError.
        let waiting = Task { try await bursty.acquire() }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
    }

    @Test func informerOverAnyAPIResumesFromBookmarksAndBacksOffOnErrors() async throws {
        let calls = Counter()
        let watchedFrom = RecordedVersions()
        let source = Informer.Source(
            list: { ObjectList(items: [KubeObject(Fixtures.configMapJSON("a", rv: "5").objectValue!)], resourceVersion: "5") },
            watch: { rv in
                AsyncThrowingStream { continuation in
                    Task {
                        await watchedFrom.append(rv)
                        switch await calls.next() {
                        case 1:
                            continuation.yield(WatchEvent(type: .bookmark, object: KubeObject(["metadata": ["resourceVersion": "9"]])))
                            continuation.finish()
                        case 2:
                            continuation.finish(throwing: KubernetesError.other(code: 500, "boom"))
                        case 3:
                            continuation.yield(WatchEvent(type: .deleted, object: KubeObject(Fixtures.configMapJSON("a", rv: "10").objectValue!)))
                            continuation.finish()
                        default:
                            break // stays open
                        }
                    }
                }
            })
        let informer = Informer(source: source, initialBackoff: .milliseconds(10))
        let stream = await informer.changes()
        await informer.start()
        var changes: [String] = []
        for await change in stream {
            changes.append(ChangeLog.describe(change))
            if changes.count == 2 { break }
        }
        #expect(changes == ["added a 5", "deleted a 10"])
        // Resumed from the bookmark, retried from the same version after the error, then from the deletion's.
        try await eventually { await watchedFrom.values.count >= 4 }
        #expect(await watchedFrom.values == ["5", "9", "9", "10"])
        #expect(await informer.objects().isEmpty)
        #expect(await informer.listCount == 1)
        await informer.stop()
    }
}
