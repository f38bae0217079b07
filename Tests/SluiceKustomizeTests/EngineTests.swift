import Logging
import SluiceCore
import SluiceKustomize
import Testing

/// Small in-memory builds: each pins one behaviour of kustomize v5.5.0 (values taken from `kubectl kustomize`).
@Suite struct EngineTests {
    let logger = Logger(label: "kustomize-engine")

    func yaml(_ files: [String: String], path: String = "") throws -> String {
        try KustomizeBuilder(fileSystem: InMemoryFileSystem(files: files), logger: logger).buildYAML(path: path)
    }

    @Test func generatedNamesCarryKustomizesContentHash() throws {
        let output = try yaml(["kustomization.yaml": "configMapGenerator:\n- name: test\n  literals:\n  - TEST=this is a 'test'\n"])
        #expect(output == "apiVersion: v1\ndata:\n  TEST: this is a 'test'\nkind: ConfigMap\nmetadata:\n  name: test-k9cc55dfm5\n")
    }

    @Test func referencesFollowPrefixesAndHashes() throws {
        let output = try yaml([
            "kustomization.yaml": "namePrefix: p-\nresources:\n- pod.yaml\nconfigMapGenerator:\n- name: cfg\n  literals: [a=b]\n",
            "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod\nspec:\n  volumes:\n  - name: v\n    configMap:\n      name: cfg\n",
        ])
        #expect(output.contains("      name: p-cfg-"), "\(output)")
        #expect(output.contains("  name: p-pod\n"))
    }

    @Test func emitsAsKubectlKustomizeDoes() {
        let value: JSONValue = [
            "kind": "X", "apiVersion": "v1",
            "data": ["yes": "on", "n": "0123", "e": "1e3", "empty": "", "multi": "a\nb\n", "list": [], "map": [:], "int": 3, "float": 1.5],
        ]
        let text = KustomizeYAMLEmitter().emit(document: value)
        #expect(text == """
            apiVersion: v1
            data:
              e: "1e3"
              empty: ""
              float: 1.5
              int: 3
              list: []
              map: {}
              multi: |
                a
                b
              "n": "0123"
              "yes": "on"
            kind: X

            """)
    }

    @Test func sortsInKustomizesLegacyOrder() throws {
        let output = try KustomizeBuilder(fileSystem: InMemoryFileSystem(files: [
            "kustomization.yaml": "resources:\n- all.yaml\n",
            "all.yaml": """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: d}
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: w}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: n}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                """,
        ]), logger: logger).build(path: "")
        #expect(output.map(\.kind) == ["Namespace", "ConfigMap", "Deployment", "ValidatingWebhookConfiguration"])
    }
}
