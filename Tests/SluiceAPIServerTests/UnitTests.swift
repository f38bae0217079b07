import SluiceCore
import Testing
@testable import SluiceAPIServer

/// The pure parts, without a server.
struct UnitTests {
    @Test func labelSelectors() throws {
        let labels = ["app": "web", "tier": "front"]
        #expect(try LabelSelector(parsing: "app=web,tier==front").matches(labels))
        #expect(!(try LabelSelector(parsing: "app!=web").matches(labels)))
        #expect(try LabelSelector(parsing: "tier in (front, back)").matches(labels))
        #expect(!(try LabelSelector(parsing: "tier notin (front)").matches(labels)))
        #expect(try LabelSelector(parsing: "app,!missing").matches(labels))
        #expect(!(try LabelSelector(parsing: "!app").matches(labels)))
    }

    @Test func resourcePaths() {
        #expect(ResourcePath("/api/v1/namespaces/default/configmaps/x")
            == { var p = ResourcePath("/api/v1")!; p.namespace = "default"; p.resource = "configmaps"; p.name = "x"; return p }())
        #expect(ResourcePath("/api/v1/namespaces/default")?.name == "default")
        #expect(ResourcePath("/api/v1/namespaces/x/status")?.subresource == "status")
        #expect(ResourcePath("/apis/apps/v1/namespaces/a/deployments/d/status")?.subresource == "status")
        #expect(ResourcePath("/api/v1/watch/namespaces/a/pods")?.watch == true)
        #expect(ResourcePath("/healthz") == nil)
    }

    @Test func structuralSchemaDefaultsAndValidation() {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "spec": [
                    "type": "object", "required": ["url"],
                    "properties": [
                        "url": ["type": "string"],
                        "interval": ["type": "string", "default": "1m"],
                        "mode": ["type": "string", "enum": ["a", "b"]],
                        "port": ["x-kubernetes-int-or-string": true],
                    ],
                ],
            ],
        ]
        let structural = StructuralSchema(schema)
        let defaulted = structural.applyingDefaults(to: ["spec": ["url": "x"]])
        #expect(defaulted[path: ["spec", "interval"]] == "1m")
        #expect(structural.validate(["spec": ["url": "x", "port": 80]]).isEmpty)
        let causes = structural.validate(["spec": ["interval": 5, "mode": "c"]])
        #expect(causes.map(\.field).sorted() == ["spec.interval", "spec.mode", "spec.url"])
        #expect(causes.first { $0.field == "spec.url" }?.reason == "FieldValueRequired")
    }

    @Test func immutableFieldMessagesAndSemanticEquality() {
        let selector: JSONValue = [
            "matchLabels": ["tier": "web", "app": "a\"b"],
            "matchExpressions": [["key": "env", "operator": "In", "values": ["prod", "dev"]], ["key": "gone", "operator": "DoesNotExist"]],
        ]
        #expect(ImmutableFields.goLabelSelector(selector) == #"v1.LabelSelector{MatchLabels:map[string]string{"app":"a\"b", "tier":"web"}, "#
            + #"MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"env", Operator:"In", Values:[]string{"prod", "dev"}}, "#
            + #"v1.LabelSelectorRequirement{Key:"gone", Operator:"DoesNotExist", Values:[]string(nil)}}}"#)
        #expect(ImmutableFields.goLabelSelector(nil) == #""null""#)
        // Empty lists and maps are the same as absent, as in Kubernetes' semantic equality.
        #expect(ImmutableFields.same(["matchLabels": ["app": "x"], "matchExpressions": []], ["matchLabels": ["app": "x"]]))
        #expect(!ImmutableFields.same(["matchLabels": ["app": "x"]], ["matchLabels": ["app": "y"]]))
        let deployments = ResourceRegistry().type(key: "apps/deployments")!
        let old: JSONValue = ["spec": ["replicas": 1, "selector": ["matchLabels": ["app": "x"]]]]
        var scaled = old
        scaled[path: ["spec", "replicas"]] = 3
        #expect(ImmutableFields.causes(deployments, old: old, new: scaled).isEmpty)
        var moved = old
        moved[path: ["spec", "selector", "matchLabels", "app"]] = "y"
        #expect(ImmutableFields.causes(deployments, old: old, new: moved).map(\.field) == ["spec.selector"])
    }
}

/// Watches see objects enter and leave their selection as kube reports it.
struct WatchHubTests {
    @Test func selectionTransitions() async {
        var hub = WatchHub(capacity: 4, floor: 0)
        let (stream, continuation) = AsyncStream.makeStream(of: WatchMessage.self)
        _ = hub.subscribe(.init(resource: "/configmaps", namespace: "default", labels: try! LabelSelector(parsing: "app=web"),
                                fields: FieldSelector(), after: 0, continuation: continuation))
        func object(_ app: String) -> JSONValue { ["metadata": ["name": "x", "namespace": "default", "labels": ["app": .string(app)]]] }
        hub.publish(.init(resourceVersion: 1, resource: "/configmaps", namespace: "default", type: "ADDED", object: object("db")))
        hub.publish(.init(resourceVersion: 2, resource: "/configmaps", namespace: "default", type: "MODIFIED", object: object("web"), oldObject: object("db")))
        hub.publish(.init(resourceVersion: 3, resource: "/configmaps", namespace: "default", type: "MODIFIED", object: object("web"), oldObject: object("web")))
        hub.publish(.init(resourceVersion: 4, resource: "/configmaps", namespace: "other", type: "ADDED", object: object("web")))
        hub.publish(.init(resourceVersion: 5, resource: "/configmaps", namespace: "default", type: "MODIFIED", object: object("db"), oldObject: object("web")))
        hub.finishAll()
        var types: [String] = []
        for await message in stream { if case .event(let type, _) = message { types.append(type) } }
        #expect(types == ["ADDED", "MODIFIED", "DELETED"])
        // The ring keeps `capacity` changes once it overflows; older versions are gone.
        for rv in 6...10 { hub.publish(.init(resourceVersion: Int64(rv), resource: "/configmaps", namespace: "default", type: "ADDED", object: object("x"))) }
        #expect(hub.floor > 0)
    }

    @Test func aWatchThatFallsBehindIsClosedAfterWhatItBuffered() async {
        var hub = WatchHub(capacity: 100, floor: 0)
        let (stream, continuation) = AsyncStream.makeStream(of: WatchMessage.self, bufferingPolicy: .bufferingOldest(2))
        _ = hub.subscribe(.init(resource: "/configmaps", namespace: nil, labels: LabelSelector(), fields: FieldSelector(), after: 0,
                                continuation: continuation))
        func change(_ rv: Int64) -> WatchHub.Change {
            .init(resourceVersion: rv, resource: "/configmaps", namespace: "default", type: "ADDED",
                  object: ["metadata": ["name": .string("c\(rv)"), "namespace": "default"]])
        }
        #expect(hub.publish(change(1)) == 0)
        #expect(hub.publish(change(2)) == 0)
        #expect(hub.publish(change(3)) == 1, "the third change does not fit: the watch is closed")
        #expect(hub.count == 0)
        var names: [String] = []
        for await message in stream {
            if case .event(_, let object) = message { names.append(object[path: ["metadata", "name"]]?.stringValue ?? "") }
        }
        #expect(names == ["c1", "c2"], "the client gets what was buffered, then the end, and watches again from c2")
        // A watch from c2 replays the rest from the ring.
        let (_, next) = AsyncStream.makeStream(of: WatchMessage.self)
        let replay = hub.replay(to: .init(resource: "/configmaps", namespace: nil, labels: LabelSelector(), fields: FieldSelector(),
                                          after: 2, continuation: next))
        #expect(replay.count == 1)
    }
}
