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

    @Test func names() {
        #expect(ObjectValidation.isSubdomain("a.b-c"))
        #expect(!ObjectValidation.isSubdomain("A"))
        #expect(!ObjectValidation.isLabel("a.b"))
    }
}
