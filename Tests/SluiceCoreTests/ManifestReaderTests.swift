import Testing
@testable import SluiceCore

@Suite struct ManifestReaderTests {
    let reader = ManifestReader()

    @Test func readsMultipleDocumentsInOrder() throws {
        let objects = try reader.objects("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: one
              namespace: default
              labels: {app: web}
            data:
              enabled: yes
              octal: 0123
              flag: true
              count: 3
              ratio: 0.5
              empty:
            ---
            # a comment-only document is skipped
            ---
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "two"}}
            """)
        #expect(objects.count == 2)
        let config = objects[0]
        #expect(config.name == "one" && config.namespace == "default" && config.labels == ["app": "web"])
        #expect(config["data", "enabled"] == "yes")
        #expect(config["data", "octal"] == 83, "yaml.v3 reads a leading 0 as octal, as kustomize does")
        #expect(config["data", "flag"] == true)
        #expect(config["data", "count"] == 3)
        #expect(config["data", "ratio"] == 0.5)
        #expect(config["data", "empty"] == .null)
        #expect(objects[1].gvk == GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"))
        #expect(objects[1].identifier.id == "_two_apps_Deployment")
    }

    @Test func rejectsTopLevelListWithDocumentAndLine() {
        let error = #expect(throws: ManifestError.self) {
            try reader.objects("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n- a\n- b\n", source: "list.yaml")
        }
        #expect(error?.document == 2)
        #expect(error?.line == 5)
        #expect(error?.reason == .notAnObject(found: "a list"))
        #expect(error?.description.contains("list.yaml: document 2, line 5") == true)
    }

    @Test func rejectsMissingKind() {
        let error = #expect(throws: ManifestError.self) { try reader.objects("apiVersion: v1\nmetadata: {name: a}\n") }
        #expect(error?.reason == .missingTypeMeta(field: "kind"))
    }

    @Test func rejectsDuplicateKeysWithLine() {
        let error = #expect(throws: ManifestError.self) {
            try reader.objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n")
        }
        guard case .duplicateKey(let key)? = error?.reason else { Issue.record("expected duplicateKey, got \(String(describing: error))"); return }
        #expect(key == "name")
        #expect(error?.line == 4 || error?.line == 5)
    }

    @Test func reportsSyntaxErrorsWithLine() {
        let error = #expect(throws: ManifestError.self) {
            try reader.objects("apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: [unclosed\n")
        }
        #expect(error?.document == 2)
        #expect(error?.line != nil)
    }

    @Test func stopsAliasBombs() {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            text += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        let error = #expect(throws: ManifestError.self) { try ManifestReader(yaml: YAMLReader(maxNodes: 100_000)).objects(text) }
        #expect(error?.description.contains("expands to more than") == true)
    }

    @Test func mergeKeysAreApplied() throws {
        let objects = try reader.objects("base: &b {x: 1, y: 2}\napiVersion: v1\nkind: ConfigMap\ndata:\n  y: 3\n  <<: *b\n")
        #expect(objects[0]["data"] == ["x": 1, "y": 3])
    }

    /// What `kubectl kustomize` (kyaml) prints for these plain scalars, recorded from kustomize v5.5.0.
    @Test(arguments: [
        ("0123", JSONValue.int(83)), ("0o17", .int(15)), ("0x1F", .int(31)), ("1_000", .int(1000)), ("1e3", .double(1000)),
        (".5", .double(0.5)), ("2024-01-01", .string("2024-01-01T00:00:00Z")), ("~", .null), ("yes", .string("yes")),
        ("2024-01-01 10:20:30.500+00:00", .string("2024-01-01T10:20:30.5Z")), ("1.2.3", .string("1.2.3")), ("-7", .int(-7)),
        ("089", .double(89)), ("+12", .int(12)), ("v1", .string("v1")), ("True", .bool(true)), ("on", .string("on")),
    ])
    func plainScalarsResolveAsKyamlDoes(_ text: String, _ expected: JSONValue) {
        #expect(YAMLReader.resolvePlain(text) == expected)
    }

    @Test func yamlWriterQuotesAmbiguousStringsAndRoundTrips() throws {
        let value: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "data": ["yes": "yes", "num": "0123", "exp": "1e3", "real": 1.5, "int": 7, "null": "null", "date": "2024-01-01", "octal": "0777", "under": "1_0", "multi": "a\nb\n", "plain": "hello world", "empty": ""],
            "list": [["name": "a"], ["name": "b"]],
        ]
        let text = try YAMLWriter().string(value)
        #expect(text.contains("yes: \"yes\""))
        #expect(text.contains("num: \"0123\""))
        #expect(text.contains("exp: \"1e3\""))
        #expect(text.contains("multi: |"))
        #expect(text.contains("list:\n- name: a\n- name: b\n"))
        let back = try reader.objects(text)
        #expect(back[0].value == value)
    }
}
