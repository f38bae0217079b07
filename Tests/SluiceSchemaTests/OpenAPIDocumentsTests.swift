import Foundation
import SluiceCore
import SluiceSchema
import Testing

/// The documents' shape, as `kubectl explain` (v3: paths with the kind's group-version-kind, components.schemas) and
/// kubectl's field validation check (PATCH's `fieldValidation` parameter) read them.
@Suite struct OpenAPIDocumentsTests {
    static let builtIns = BuiltInKinds.all.map(GroupVersionKindScope.init)

    /// Every `$ref` in a document, and whether each names a schema the document has.
    static func references(in value: JSONValue, into out: inout [String]) {
        switch value {
        case .object(let members):
            for (key, child) in members {
                if key == "$ref", let target = child.stringValue { out.append(target) } else { references(in: child, into: &out) }
            }
        case .array(let elements):
            for element in elements { references(in: element, into: &out) }
        default:
            break
        }
    }

    @Test func v3GroupVersionDocument() throws {
        let catalog = try SchemaCatalog.builtIn()
        let document = try #require(OpenAPIDocuments.v3(catalog, kinds: Self.builtIns, group: "apps", version: "v1"))
        #expect(document["openapi"] == "3.0.0")
        let schemas = try #require(document["components"]?["schemas"]?.objectValue)
        let deployment = try #require(schemas["io.k8s.api.apps.v1.Deployment"])
        #expect(deployment["x-kubernetes-group-version-kind"] == [["group": "apps", "kind": "Deployment", "version": "v1"]])
        #expect(schemas["io.k8s.api.apps.v1.DeploymentSpec"]?["properties"]?["selector"]?["allOf"]
            == [["$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"]])
        #expect(schemas["io.k8s.api.core.v1.Container"] != nil)
        #expect(schemas["io.k8s.api.batch.v1.Job"] == nil)

        let collection = try #require(document["paths"]?["/apis/apps/v1/namespaces/{namespace}/deployments"])
        #expect(collection["get"]?["x-kubernetes-group-version-kind"]?["kind"] == "Deployment")
        #expect(collection["post"]?["x-kubernetes-action"] == "post")
        let patch = try #require(document["paths"]?["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]?["patch"])
        #expect(patch["x-kubernetes-group-version-kind"] == ["group": "apps", "kind": "Deployment", "version": "v1"])
        #expect(patch["parameters"]?.arrayValue?.contains { $0["name"] == "fieldValidation" && $0["in"] == "query" } == true)

        var refs: [String] = []
        Self.references(in: document, into: &refs)
        #expect(!refs.isEmpty)
        for ref in Set(refs) {
            #expect(ref.hasPrefix("#/components/schemas/") && schemas[String(ref.dropFirst("#/components/schemas/".count))] != nil, "\(ref)")
        }
        #expect(OpenAPIDocuments.v3(catalog, kinds: Self.builtIns, group: "apps", version: "v9") == nil)
    }

    @Test func v3CoreDocumentAndRoot() throws {
        let catalog = try SchemaCatalog.builtIn()
        let core = try #require(OpenAPIDocuments.v3(catalog, kinds: Self.builtIns, group: "", version: "v1"))
        #expect(core["paths"]?["/api/v1/namespaces/{namespace}/services/{name}"]?["patch"] != nil)
        #expect(core["paths"]?["/api/v1/namespaces/{name}"]?["get"]?["x-kubernetes-group-version-kind"]?["kind"] == "Namespace")
        let intOrString = try #require(core["components"]?["schemas"]?["io.k8s.apimachinery.pkg.util.intstr.IntOrString"])
        #expect(intOrString["format"] == "int-or-string")

        let root = OpenAPIDocuments.v3Root(catalog, kinds: Self.builtIns)
        let entry = try #require(root["paths"]?["apis/autoscaling/v2"]?["serverRelativeURL"]?.stringValue)
        #expect(entry.hasPrefix("/openapi/v3/apis/autoscaling/v2?hash="))
        #expect(root["paths"]?["api/v1"]?["serverRelativeURL"]?.stringValue?.hasPrefix("/openapi/v3/api/v1?hash=") == true)
        #expect(OpenAPIDocuments.v3Path(group: "", version: "v1") == "api/v1")
    }

    @Test func v2DocumentHasEveryDefinitionInSwaggerForm() throws {
        let catalog = try SchemaCatalog.builtIn()
        let document = OpenAPIDocuments.v2(catalog, kinds: Self.builtIns)
        #expect(document["swagger"] == "2.0")
        let definitions = try #require(document["definitions"]?.objectValue)
        #expect(definitions["io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"]?["x-kubernetes-group-version-kind"] != nil)
        #expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]?["type"] == "string")
        #expect(definitions["io.k8s.apimachinery.pkg.api.resource.Quantity"]?["type"] == "string")
        #expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]?["oneOf"] == nil)
        #expect(definitions["io.k8s.api.apps.v1.DeploymentSpec"]?["properties"]?["selector"]?["$ref"]
            == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")
        var refs: [String] = []
        Self.references(in: document, into: &refs)
        for ref in Set(refs) {
            #expect(ref.hasPrefix("#/definitions/") && definitions[String(ref.dropFirst("#/definitions/".count))] != nil, "\(ref)")
        }
        let patch = try #require(document["paths"]?["/apis/batch/v1/namespaces/{namespace}/cronjobs/{name}"]?["patch"])
        #expect(patch["parameters"]?.arrayValue?.contains { $0["name"] == "fieldValidation" } == true)
    }

    /// The protobuf form starts as gnostic's Document does: field 1 `swagger`, field 2 `info`, field 9 `definitions`.
    @Test func v2ProtobufEncodesTheDocument() throws {
        let document: JSONValue = [
            "swagger": "2.0", "info": ["title": "Kubernetes", "version": "v1.32.0"],
            "definitions": ["a.B": ["type": "object", "required": ["x"], "properties": ["x": ["type": "integer", "minimum": 1]],
                                    "x-kubernetes-group-version-kind": [["group": "", "kind": "B", "version": "v1"]]]],
        ]
        let bytes = OpenAPIDocuments.v2Protobuf(document)
        #expect(Array(bytes.prefix(5)) == [0x0a, 3, 0x32, 0x2e, 0x30])  // field 1, "2.0"
        #expect(bytes[5] == 0x12)  // field 2: info
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("x-kubernetes-group-version-kind") && text.contains("\"kind\":\"B\""))
        #expect(!OpenAPIDocuments.v2Protobuf(OpenAPIDocuments.v2(try SchemaCatalog.builtIn(), kinds: Self.builtIns)).isEmpty)
    }

    @Test func customResourceDefinitionsArePublished() throws {
        var catalog = try SchemaCatalog.builtIn()
        let crd = try #require(try SchemaCatalogTests.documents(SchemaCatalogTests.fixtures.appendingPathComponent("crd/widgets-crd.yaml")).first)
        try catalog.addCustomResourceDefinition(crd)
        let widget = GroupVersionKindScope(gvk: GroupVersionKind(group: "example.com", version: "v1", kind: "Widget"), plural: "widgets", namespaced: true)
        let document = try #require(OpenAPIDocuments.v3(catalog, kinds: Self.builtIns + [widget], group: "example.com", version: "v1"))
        let schemas = try #require(document["components"]?["schemas"]?.objectValue)
        let schema = try #require(schemas["com.example.v1.Widget"])
        #expect(schema["x-kubernetes-group-version-kind"] == [["group": "example.com", "kind": "Widget", "version": "v1"]])
        #expect(schema["properties"]?["metadata"]?["allOf"] == [["$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]])
        #expect(schema["properties"]?["spec"]?["properties"]?["port"]?["x-kubernetes-int-or-string"] == true)
        #expect(schema["properties"]?["spec"]?["properties"]?["port"]?["anyOf"] == [["type": "integer"], ["type": "string"]])
        #expect(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"] != nil)
        #expect(document["paths"]?["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]?["patch"]?["x-kubernetes-group-version-kind"]?["kind"] == "Widget")
        let v2 = OpenAPIDocuments.v2(catalog, kinds: [widget])
        #expect(v2["definitions"]?["com.example.v1.Widget"]?["properties"]?["metadata"]?["$ref"] == "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")
    }

    /// With `SLUICE_OPENAPI_DUMP=DIR`, writes the documents of the built-in kinds (and the fixture CRD) there, as a
    /// server would serve them (`DIR/v2.json`, `DIR/v3.json`, `DIR/v3/apis/apps/v1.json`), for inspection with real tools.
    @Test func dumpForInspection() throws {
        guard let directory = ProcessInfo.processInfo.environment["SLUICE_OPENAPI_DUMP"] else { return }
        var catalog = try SchemaCatalog.builtIn()
        let crd = try #require(try SchemaCatalogTests.documents(SchemaCatalogTests.fixtures.appendingPathComponent("crd/widgets-crd.yaml")).first)
        try catalog.addCustomResourceDefinition(crd)
        let kinds = Self.builtIns + [GroupVersionKindScope(gvk: GroupVersionKind(group: "example.com", version: "v1", kind: "Widget"), plural: "widgets", namespaced: true)]
        let root = URL(fileURLWithPath: directory)
        func write(_ value: JSONValue, _ path: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(JSONSerializer().bytes(value)).write(to: url)
        }
        try write(OpenAPIDocuments.v2(catalog, kinds: kinds), "v2.json")
        try Data(OpenAPIDocuments.v2Protobuf(OpenAPIDocuments.v2(catalog, kinds: kinds))).write(to: root.appendingPathComponent("v2.pb"))
        try write(OpenAPIDocuments.v3Root(catalog, kinds: kinds), "v3.json")
        for key in Set(kinds.map { OpenAPIDocuments.v3Path(group: $0.gvk.group, version: $0.gvk.version) }) {
            let kind = try #require(kinds.first { OpenAPIDocuments.v3Path(group: $0.gvk.group, version: $0.gvk.version) == key })
            if let document = OpenAPIDocuments.v3(catalog, kinds: kinds, group: kind.gvk.group, version: kind.gvk.version) {
                try write(document, "v3/\(key).json")
            }
        }
    }
}
