import SluiceAPI
import SluiceCore
import Testing

/// The schema DSL renders the OpenAPI keywords Kubernetes reads.
@Suite struct OpenAPISchemaTests {
    struct Widget: SchemaDescribed {
        static var openAPISchema: OpenAPISchema {
            .object("A widget.", [
                .required("name", .string("Its name.").withLength(min: 1, max: 63)),
                .field("interval", .duration("How often.").withDefault("1m")),
                .field("labels", .stringMap()),
                .field("parts", .array(of: .enum(["a", "b"]))),
                .field("values", .json("Anything.")),
            ])
        }
    }

    @Test("an object renders properties in order, required names and keywords")
    func rendersObject() {
        let json = Widget.openAPISchema.json
        #expect(json["type"] == "object")
        #expect(json["description"] == "A widget.")
        #expect(json["required"] == ["name"])
        #expect(json["properties"]?.objectValue?.keys == ["name", "interval", "labels", "parts", "values"])
        #expect(json[path: ["properties", "name", "minLength"]] == 1)
        #expect(json[path: ["properties", "name", "maxLength"]] == 63)
        #expect(json[path: ["properties", "interval", "pattern"]] == .string(OpenAPISchema.durationPattern))
        #expect(json[path: ["properties", "interval", "default"]] == "1m")
        #expect(json[path: ["properties", "labels", "additionalProperties"]] == ["type": "string"])
        #expect(json[path: ["properties", "parts", "items", "enum"]] == ["a", "b"])
        #expect(json[path: ["properties", "values"]] == ["description": "Anything.", "x-kubernetes-preserve-unknown-fields": true])
        #expect(json.objectValue?.keys == ["description", "properties", "required", "type"], "keywords sorted as controller-gen writes them")
    }

    @Test("ref pulls in the referenced type's schema with the field's description")
    func refUsesFieldDescription() {
        let schema = OpenAPISchema.ref(Widget.self, "The widget to use.")
        #expect(schema.description == "The widget to use.")
        #expect(schema.required == ["name"])
        #expect(OpenAPISchema.ref(Widget.self).description == "A widget.")
    }

    @Test("withProperty narrows one property of a shared type")
    func narrowsProperty() {
        let schema = LocalHelmChartSourceReference.openAPISchema
        #expect(schema[property: "kind"]?.enumValues == ["HelmRepository", "GitRepository", "Bucket"])
        let kustomizationSource = KustomizationSpec.openAPISchema[property: "sourceRef"]
        let helmChartRef = HelmReleaseSpec.openAPISchema[property: "chartRef"]
        #expect(kustomizationSource?[property: "kind"]?.enumValues?.contains("GitRepository") == true)
        #expect(helmChartRef?[property: "kind"]?.enumValues == ["OCIRepository", "HelmChart", "ExternalArtifact"])
        #expect(CrossNamespaceSourceReference.openAPISchema[property: "kind"]?.enumValues == nil)
    }

    @Test("the short duration pattern leaves out hours, as Flux's timeouts do")
    func durationPatterns() {
        #expect(OpenAPISchema.duration(allowingHours: false).pattern == #"^([0-9]+(\.[0-9]+)?(ms|s|m))+$"#)
        #expect(GitRepositorySpec.openAPISchema[property: "timeout"]?.pattern == OpenAPISchema.shortDurationPattern)
        #expect(GitRepositorySpec.openAPISchema[property: "interval"]?.pattern == OpenAPISchema.durationPattern)
    }

    @Test("HelmRelease values keep any JSON through decode and encode")
    func helmValuesRoundTrip() throws {
        let values: JSONValue = [
            "replicaCount": 2, "ratio": 1.5, "enabled": false, "nothing": .null,
            "hosts": ["a.example.com", "b.example.com"], "nested": ["deep": ["list": [1, "two", ["three": 3]]]],
        ]
        var object = KubeObject(apiVersion: HelmRelease.apiVersion, kind: HelmRelease.kind, name: "app", namespace: "default")
        object["spec"] = [
            "interval": "5m",
            "chartRef": ["kind": "OCIRepository", "name": "app"],
            "values": values,
        ]
        let release = try #require(APIScheme.decode(object) as? HelmRelease)
        #expect(release.spec.values == values)
        let encoded = try KubeObject(encoding: release)
        #expect(encoded["spec", "values"] == values)
    }
}
