import Foundation
import SluiceCore
import SluiceSchema
import Testing

/// The validator against fixtures: manifests Kubernetes accepts pass, and each manifest with one wrong field fails
/// with the message its first line (`# expect: …`) names.
@Suite struct SchemaCatalogTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func files(_ folder: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: fixtures.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func documents(_ url: URL) throws -> [JSONValue] {
        try YAMLReader().documents(String(contentsOf: url, encoding: .utf8), source: url.lastPathComponent).map(\.value)
    }

    @Test func kubernetesManifestsPass() throws {
        let catalog = try SchemaCatalog.builtIn()
        let files = try Self.files("valid")
        #expect(files.count >= 7)
        for file in files {
            for object in try Self.documents(file) {
                let gvk = GroupVersionKind(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
                #expect(catalog.knows(gvk), "\(file.lastPathComponent): \(gvk)")
                #expect(catalog.validate(object).map(\.description) == [], "\(file.lastPathComponent) \(gvk)")
            }
        }
    }

    @Test func eachWrongFieldIsNamed() throws {
        let catalog = try SchemaCatalog.builtIn()
        let files = try Self.files("invalid")
        #expect(files.count >= 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let expected = try #require(text.split(separator: "\n").first?.split(separator: "# expect: ", maxSplits: 1).last.map(String.init))
            let violations = try Self.documents(file).flatMap { catalog.validate($0) }
            #expect(violations.map(\.description) == [expected], "\(file.lastPathComponent)")
        }
    }

    @Test func ruleAndFieldOfAViolation() throws {
        let catalog = try SchemaCatalog.builtIn()
        let object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
            "spec": ["replica": 1, "template": ["spec": ["containers": [["name": "web", "imagee": "x"]]]]],
        ]
        let violations = catalog.validate(object)
        #expect(violations.contains(SchemaViolation(field: "spec.replica", rule: .unknownField, message: "unknown field \"spec.replica\"")))
        #expect(violations.contains(SchemaViolation(field: "spec.selector", rule: .required, message: "Required value")))
        #expect(violations.contains { $0.field == "spec.template.spec.containers[0].imagee" && $0.rule == .unknownField })
        #expect(violations.count == 3)
    }

    @Test func unknownKindsAreNotJudged() throws {
        let catalog = try SchemaCatalog.builtIn()
        let object: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "spec": ["anything": 1]]
        #expect(!catalog.knows(GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")))
        #expect(catalog.validate(object) == [])
        #expect(catalog.validate(.string("not an object")) == [])
        #expect(SchemaCatalog().validate(["apiVersion": "v1", "kind": "ConfigMap", "bogus": 1]) == [])
    }

    // MARK: - CRDs

    static func widgets() throws -> SchemaCatalog {
        var catalog = try SchemaCatalog.builtIn()
        let crd = try #require(try documents(fixtures.appendingPathComponent("crd/widgets-crd.yaml")).first)
        try catalog.addCustomResourceDefinition(crd)
        return catalog
    }

    static func widget(_ spec: JSONValue, version: String = "v1") -> JSONValue {
        ["apiVersion": .string("example.com/\(version)"), "kind": "Widget", "metadata": ["name": "w", "namespace": "default"], "spec": spec]
    }

    @Test func customResourcesFollowTheirSchema() throws {
        let catalog = try Self.widgets()
        #expect(catalog.knows(GroupVersionKind(group: "example.com", version: "v1", kind: "Widget")))
        #expect(catalog.knows(GroupVersionKind(group: "example.com", version: "v1beta1", kind: "Widget")))
        let good = Self.widget([
            "size": 3, "color": "red", "name": "abc", "port": "http", "tags": ["a"],
            "values": ["free": ["form": true]], "limits": ["cpu": 2],
            "template": ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "x"], "data": ["k": "v"]],
        ])
        #expect(catalog.validate(good).map(\.description) == [])
        #expect(catalog.validate(Self.widget(["port": 8080, "size": 1])).map(\.description) == [])

        func problems(_ spec: JSONValue) -> [String] { catalog.validate(Self.widget(spec)).map(\.description) }
        #expect(problems(["size": 1, "colour": "red"]) == ["unknown field \"spec.colour\""])
        #expect(problems(["color": "red"]) == ["spec.size: Required value"])
        #expect(problems(["size": 0]) == ["spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1"])
        #expect(problems(["size": 11]) == ["spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10"])
        #expect(problems(["size": 1, "color": "pink"]) == ["spec.color: Unsupported value: \"pink\": supported values: \"red\", \"green\", \"blue\""])
        #expect(problems(["size": 1, "name": "ab"]) == ["spec.name: Invalid value: \"ab\": spec.name in body should be at least 3 chars long"])
        #expect(problems(["size": 1, "name": "abcdefghi"]) == ["spec.name: Too long: may not be more than 8 bytes"])
        #expect(problems(["size": 1, "name": "ABC"]) == ["spec.name: Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'"])
        #expect(problems(["size": 1, "tags": ["a", "b", "c"]]) == ["spec.tags: Too many: 3: must have at most 2 items"])
        #expect(problems(["size": 1, "port": 1.5]) == ["spec.port: Invalid value: \"number\": spec.port in body must be of type integer or string: \"number\""])
        #expect(problems(["size": 1, "limits": ["cpu": "two"]]) == ["spec.limits[cpu]: Invalid value: \"string\": spec.limits[cpu] in body must be of type integer: \"string\""])
        #expect(problems(["size": 1, "empty": ["x": 1]]) == ["unknown field \"spec.empty.x\""])
        #expect(problems(["size": 1, "template": ["data": ["k": "v"]]]) == ["spec.template.apiVersion: Required value", "spec.template.kind: Required value"])
        #expect(problems(["size": 1, "template": ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["nam": "x"]]]) == ["unknown field \"spec.template.metadata.nam\""])
        // metadata is ObjectMeta whatever the CRD's schema says of it.
        let badMetadata: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w", "labels": ["a": ["b": 1]]], "spec": ["size": 1]]
        #expect(catalog.validate(badMetadata).map(\.field) == ["metadata.labels[a]"])
        // A version whose schema preserves unknown fields takes anything.
        #expect(catalog.validate(Self.widget(["whatever": [1, 2]], version: "v1beta1")) == [])
    }

    /// Sluice's own (Flux's) CRDs are valid CustomResourceDefinitions, and its samples valid objects of them.
    @Test func fluxCustomResourceDefinitionsAndSamples() throws {
        let config = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config")
        var catalog = try SchemaCatalog.builtIn()
        let crds = try FileManager.default.contentsOfDirectory(at: config.appendingPathComponent("crd/bases"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        #expect(crds.count >= 9)
        for file in crds {
            for crd in try Self.documents(file) {
                #expect(catalog.validate(crd).map(\.description) == [], "\(file.lastPathComponent)")
                try catalog.addCustomResourceDefinition(crd)
            }
        }
        #expect(catalog.knows(GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "GitRepository")))
        let samples = try FileManager.default.contentsOfDirectory(at: config.appendingPathComponent("samples"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        #expect(samples.count >= 9)
        for file in samples {
            for object in try Self.documents(file) {
                let gvk = GroupVersionKind(apiVersion: object["apiVersion"]?.stringValue ?? "", kind: object["kind"]?.stringValue ?? "")
                #expect(catalog.knows(gvk), "\(file.lastPathComponent)")
                #expect(catalog.validate(object).map(\.description) == [], "\(file.lastPathComponent)")
            }
        }
        var typo = try #require(try Self.documents(config.appendingPathComponent("samples/source_v1_gitrepository.yaml")).first)
        typo["spec"]?["intervall"] = "1m"
        #expect(catalog.validate(typo).map(\.description) == ["unknown field \"spec.intervall\""])
    }

    @Test func brokenCustomResourceDefinitionsAreRefusedByName() throws {
        var catalog = SchemaCatalog()
        #expect(throws: SchemaCatalog.Failure.self) { try catalog.addCustomResourceDefinition(["metadata": ["name": "x.example.com"], "spec": ["group": "example.com"]]) }
        do {
            try catalog.addCustomResourceDefinition(["metadata": ["name": "x.example.com"], "spec": ["group": "example.com", "names": ["kind": "X"]]])
            Issue.record("accepted a CRD without versions")
        } catch {
            #expect(error.message == "CustomResourceDefinition x.example.com: spec.versions is missing")
        }
        #expect(catalog.customSchemas.isEmpty)
    }

    // MARK: - Hostile input

    @Test func deepAndLargeObjectsStopWithAViolation() throws {
        var catalog = SchemaCatalog()
        try catalog.addCustomResourceDefinition([
            "metadata": ["name": "deep.example.com"],
            "spec": ["group": "example.com", "names": ["kind": "Deep"], "versions": [["name": "v1", "served": true, "schema": ["openAPIV3Schema": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]]],
        ])
        var deep: JSONValue = "leaf"
        for _ in 0..<1_000 { deep = ["a": deep] }
        // Preserved fields are not walked; a schema that walks them meets the depth limit instead.
        #expect(catalog.validate(["apiVersion": "example.com/v1", "kind": "Deep", "spec": deep]) == [])

        let builtIn = try SchemaCatalog.builtIn()
        var props: JSONValue = ["type": "string"]
        for _ in 0..<300 { props = ["properties": ["a": props]] }
        let crd: JSONValue = ["apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": ["name": "x.example.com"],
                              "spec": ["group": "example.com", "scope": "Namespaced", "names": ["kind": "X", "plural": "xs"],
                                       "versions": [["name": "v1", "served": true, "storage": true, "schema": ["openAPIV3Schema": props]]]]]
        let violations = builtIn.validate(crd)
        #expect(violations.count == 1)
        #expect(violations.first?.message.contains("nested more than") == true)

        var many: [JSONValue] = []
        for index in 0..<500 { many.append(["name": .string("c\(index)"), "bogus": 1]) }
        let pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["containers": .array(many)]]
        let reported = builtIn.validate(pod)
        #expect(reported.count == 101)
        #expect(reported.last?.message.contains("the rest are not reported") == true)
    }
}
