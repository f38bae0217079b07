import Foundation
import SluiceCore
import SluiceHelm
import Testing

/// `lookup` through the ``HelmLookup`` the controller supplies, with Helm's contract: an object, a list object when the
/// name is empty, an empty map when nothing is found, and a failing render naming the template on an error.
///
/// The provider is an in-memory double: the real cluster client comes with the helm-controller.
@Suite struct LookupTests {
    /// Objects by `apiVersion/kind/namespace/name`; records every call.
    final class MemoryLookup: HelmLookup, @unchecked Sendable {
        let objects: [String: JSONObject]
        let lock = NSLock()
        var calls: [[String]] = []

        init(_ objects: [String: JSONObject]) { self.objects = objects }

        struct Failure: Error, CustomStringConvertible {
            var description: String { "the API server refused: forbidden" }
        }

        func lookup(apiVersion: String, kind: String, namespace: String, name: String) throws -> JSONObject {
            lock.withLock { calls.append([apiVersion, kind, namespace, name]) }
            if kind == "Forbidden" { throw Failure() }
            if name.isEmpty {
                let prefix = "\(apiVersion)/\(kind)/\(namespace)/"
                let items = objects.keys.sorted().filter { $0.hasPrefix(prefix) }.map { JSONValue.object(objects[$0]!) }
                guard !items.isEmpty else { return JSONObject() }
                return ["apiVersion": .string(apiVersion), "kind": .string(kind + "List"), "metadata": .object(JSONObject()),
                        "items": .array(items)]
            }
            return objects["\(apiVersion)/\(kind)/\(namespace)/\(name)"] ?? JSONObject()
        }
    }

    static let objects: [String: JSONObject] = [
        "v1/ConfigMap/apps/settings": ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings", "namespace": "apps"],
                                       "data": ["mode": "blue"]],
        "v1/ConfigMap/apps/other": ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "other", "namespace": "apps"]],
        "apps/v1/Deployment/apps/web": ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
                                        "spec": ["replicas": .int(1_000_000)]],
    ]

    static func chart(_ template: String) -> HelmChart {
        HelmChart(metadata: ChartMetadata(["apiVersion": "v2", "name": "demo", "version": "0.1.0"]),
                  templates: [ChartFile(name: "templates/a.yaml", data: Array(template.utf8))])
    }

    static func render(_ template: String, lookup: (any HelmLookup)?) throws(HelmError) -> String {
        var renderer = ChartRenderer(release: ReleaseOptions(name: "r", namespace: "apps"))
        renderer.lookup = lookup
        return try renderer.render(chart(template), values: JSONObject()).manifests.map(\.content).joined()
    }

    @Test func withoutAProviderLookupFindsNothing() throws {
        let output = try Self.render(#"x: {{ lookup "v1" "ConfigMap" "apps" "settings" | toJson | quote }}"#, lookup: nil)
        #expect(output.contains(#"x: "{}""#))
    }

    @Test func anObjectIsReturnedAsAMapWithItsIntegersAsInt64() throws {
        let provider = MemoryLookup(Self.objects)
        let output = try Self.render("""
            mode: {{ (lookup "v1" "ConfigMap" .Release.Namespace "settings").data.mode }}
            replicas: {{ (lookup "apps/v1" "Deployment" "apps" "web").spec.replicas }}
            """, lookup: provider)
        #expect(output.contains("mode: blue"))
        // An int64 prints 1000000 where a float64 would print 1e+06.
        #expect(output.contains("replicas: 1000000"))
        #expect(provider.calls.contains(["v1", "ConfigMap", "apps", "settings"]))
    }

    @Test func anEmptyNameListsAndAMissingObjectIsAnEmptyMap() throws {
        let provider = MemoryLookup(Self.objects)
        let output = try Self.render("""
            kind: {{ (lookup "v1" "ConfigMap" "apps" "").kind }}
            names: {{ range (lookup "v1" "ConfigMap" "apps" "").items }}{{ .metadata.name }} {{ end }}
            missing: {{ if not (lookup "v1" "Secret" "apps" "nope") }}absent{{ end }}
            emptyList: {{ lookup "v1" "Secret" "apps" "" | len }}
            """, lookup: provider)
        #expect(output.contains("kind: ConfigMapList"))
        #expect(output.contains("names: other settings "))
        #expect(output.contains("missing: absent"))
        #expect(output.contains("emptyList: 0"))
        #expect(provider.calls.contains(["v1", "ConfigMap", "apps", ""]))
    }

    @Test func anErrorFromTheProviderFailsTheRenderNamingTheTemplate() {
        do {
            _ = try Self.render("line: one\nx: {{ lookup \"v1\" \"Forbidden\" \"apps\" \"a\" }}\n", lookup: MemoryLookup(Self.objects))
            Issue.record("a failing lookup rendered")
        } catch {
            #expect(error.message.contains("demo/templates/a.yaml:2:"))
            #expect(error.message.contains("error calling lookup: the API server refused: forbidden"))
        }
    }
}
