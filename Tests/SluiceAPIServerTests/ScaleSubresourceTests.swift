import Foundation
import SluiceTestSupport
import Testing

/// The `scale` subresource, driven by the real `kubectl scale` / `kubectl patch --subresource=scale` and by plain HTTP.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct ScaleSubresourceTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 1
          selector:
            matchLabels: {tier: front, app: web}
            matchExpressions: [{key: env, operator: In, values: [prod, dev]}]
          template:
            metadata: {labels: {app: web, tier: front, env: prod}}
            spec: {containers: [{name: web, image: nginx}]}
        """

    static let scalePath = "/apis/apps/v1/namespaces/default/deployments/web/scale"

    static func json(_ text: String) throws -> [String: Any] { try TestServer.json(Data(text.utf8)) }

    @Test func kubectlScaleChangesReplicasAndStatusFollows() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.deployment)
        // Discovery names the subresource (read over HTTP: `kubectl get --raw` drops the kubeconfig's token path prefix) as the real server does; kubectl's scale client looks it up there.
        let discovery = try TestServer.json(try await server.http("GET", "/apis/apps/v1").body)
        let entry = (discovery["resources"] as? [[String: Any]])?.first { $0["name"] as? String == "deployments/scale" }
        #expect(entry?["group"] as? String == "autoscaling" && entry?["version"] as? String == "v1" && entry?["kind"] as? String == "Scale")
        #expect(entry?["verbs"] as? [String] == ["get", "patch", "update"])

        let watch = try server.background(["get", "deployment", "web", "--watch-only", "--output-watch-events", "-o", "json"])
        defer { watch.process.terminate() }
        #expect(try await server.ok(["scale", "deployment", "web", "--replicas=3"]).contains("deployment.apps/web scaled"))
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"]) == "3 2")
        try await eventually {
            try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.status.replicas}/{.status.readyReplicas}/{.status.observedGeneration}"])
                == "3/3/2"
        }
        let watched = try? await eventually { 
            let events = watch.output().replacingOccurrences(of: " ", with: "")
            return events.contains(#""type":"MODIFIED""#) && events.contains(#""spec":{"replicas":3"#)
        }
        #expect(watched != nil, "the watch saw no MODIFIED event for the parent: \(watch.output())")

        let scale = try Self.json(try await server.ok(["get", "--subresource=scale", "deployment", "web", "-o", "json"]))
        let parent = try Self.json(try await server.ok(["get", "deployment", "web", "-o", "json"]))
        #expect(scale["apiVersion"] as? String == "autoscaling/v1" && scale["kind"] as? String == "Scale")
        let meta = scale["metadata"] as? [String: Any] ?? [:], parentMeta = parent["metadata"] as? [String: Any] ?? [:]
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            #expect(meta[field] as? String == parentMeta[field] as? String && meta[field] != nil, "metadata.\(field)")
        }
        #expect((scale["spec"] as? [String: Any])?["replicas"] as? Int == 3)
        #expect((scale["status"] as? [String: Any])?["replicas"] as? Int == 3)
        #expect((scale["status"] as? [String: Any])?["selector"] as? String == "app=web,env in (dev,prod),tier=front")
        let table = try await server.ok(["get", "--subresource=scale", "deployment", "web"])
        #expect(table.contains("DESIRED") && table.contains("AVAILABLE"), "\(table)")

        // Preconditions: kubectl reads the Scale, checks, then PUTs it.
        #expect(try await server.fails(["scale", "deployment", "web", "--current-replicas=1", "--replicas=5"])
            .contains("Expected replicas to be 1, was 3"))
        try await server.ok(["scale", "deployment", "web", "--current-replicas=3", "--replicas=5"])
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "5")

        // kubectl patch --subresource=scale with each patch type.
        try await server.ok(["patch", "deployment", "web", "--subresource=scale", "-p", #"{"spec":{"replicas":2}}"#])
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "2")
        try await server.ok(["patch", "deployment", "web", "--subresource=scale", "--type=merge", "-p", #"{"spec":{"replicas":4}}"#])
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "4")
        try await server.ok(["patch", "deployment", "web", "--subresource=scale", "--type=json",
                             "-p", #"[{"op":"replace","path":"/spec/replicas","value":6}]"#])
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "6")
        try await eventually { try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.status.replicas}"]) == "6" }

        // A server-side dry run changes nothing; StatefulSets scale as well.
        try await server.ok(["scale", "deployment", "web", "--replicas=9", "--dry-run=server"])
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "6")
        let statefulSet = Self.deployment.replacingOccurrences(of: "kind: Deployment", with: "kind: StatefulSet")
            .replacingOccurrences(of: "name: web,", with: "name: db,")
        try await server.ok(["apply", "-f", "-"], stdin: statefulSet)
        #expect(try await server.ok(["scale", "statefulset", "db", "--replicas=2"]).contains("statefulset.apps/db scaled"))
        try await eventually { try await server.ok(["get", "statefulset", "db", "-o", "jsonpath={.spec.replicas}/{.status.replicas}"]) == "2/2" }

        // Kinds without scale are refused.
        try await server.ok(["create", "configmap", "settings", "--from-literal=a=1"])
        #expect(try await server.fails(["scale", "configmap", "settings", "--replicas=2"]).contains("could not find the requested resource"))
        #expect(try await server.http("GET", "/api/v1/namespaces/default/configmaps/settings/scale").status == 404)
        #expect(try await server.fails(["scale", "deployment", "nope", "--replicas=2"]).contains("\"nope\" not found"))
    }

    @Test func putAndPatchOverHTTP() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.deployment)
        let current = try TestServer.json(try await server.http("GET", Self.scalePath).body)
        let rv = (current["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? ""
        func put(_ replicas: Int, resourceVersion: String?) throws -> Data {
            var metadata: [String: Any] = ["name": "web", "namespace": "default"]
            if let resourceVersion { metadata["resourceVersion"] = resourceVersion }
            return try JSONSerialization.data(withJSONObject: ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata,
                                                               "spec": ["replicas": replicas]])
        }
        let updated = try await server.http("PUT", Self.scalePath, body: try put(4, resourceVersion: rv))
        #expect(updated.status == 200)
        let scale = try TestServer.json(updated.body)
        #expect((scale["spec"] as? [String: Any])?["replicas"] as? Int == 4)
        #expect((scale["metadata"] as? [String: Any])?["resourceVersion"] as? String != rv)
        // The same (now stale) resourceVersion is a conflict, and nothing changes.
        let stale = try await server.http("PUT", Self.scalePath, body: try put(9, resourceVersion: rv))
        #expect(stale.status == 409)
        #expect(String(decoding: stale.body, as: UTF8.self).contains("the object has been modified"))
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "4")
        #expect(try await server.http("PUT", Self.scalePath, body: try put(-1, resourceVersion: nil)).status == 422)
        // Server-side apply of a Scale.
        let apply = try await server.http("PATCH", Self.scalePath + "?fieldManager=hpa",
                                          body: Data(#"{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":7}}"#.utf8),
                                          contentType: "application/apply-patch+yaml")
        #expect(apply.status == 200)
        #expect(try await server.ok(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]) == "7")
        // A missing parent is a 404; verbs other than get, patch and update are refused.
        let missing = "/apis/apps/v1/namespaces/default/deployments/nope/scale"
        #expect(try await server.http("GET", missing).status == 404)
        #expect(try await server.http("PUT", missing, body: try put(1, resourceVersion: nil)).status == 404)
        #expect(try await server.http("DELETE", Self.scalePath).status == 405)
        #expect(try await server.http("GET", "/apis/apps/v1/namespaces/default/daemonsets/web/scale").status == 404)
    }

    @Test func customResourceWithScaleSubresource() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale: {specReplicasPath: .spec.size, statusReplicasPath: .status.count, labelSelectorPath: .status.selector}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
                      status: {type: object, properties: {count: {type: integer}, selector: {type: string}}}
            """
        try await server.ok(["apply", "-f", "-"], stdin: crd)
        try await server.ok(["wait", "--for=condition=Established", "crd/widgets.example.com", "--timeout=10s"])
        let discovery = try TestServer.json(try await server.http("GET", "/apis/example.com/v1").body)
        #expect((discovery["resources"] as? [[String: Any]])?.contains { $0["name"] as? String == "widgets/scale" } == true)
        try await server.ok(["apply", "-f", "-"], stdin: "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: default}\nspec: {size: 1}\n")
        try await server.ok(["patch", "widget", "w", "--subresource=status", "--type=merge",
                             "-p", #"{"status":{"count":1,"selector":"app=w"}}"#])
        #expect(try await server.ok(["scale", "widget", "w", "--replicas=4"]).contains("widget.example.com/w scaled"))
        #expect(try await server.ok(["get", "widget", "w", "-o", "jsonpath={.spec.size} {.metadata.generation}"]) == "4 2")
        let scale = try Self.json(try await server.ok(["get", "--subresource=scale", "widget", "w", "-o", "json"]))
        #expect((scale["spec"] as? [String: Any])?["replicas"] as? Int == 4)
        #expect((scale["status"] as? [String: Any])?["replicas"] as? Int == 1)
        #expect((scale["status"] as? [String: Any])?["selector"] as? String == "app=w")
        #expect(try await server.fails(["scale", "widget", "w", "--current-replicas=1", "--replicas=2"])
            .contains("Expected replicas to be 1, was 4"))
        try await server.ok(["patch", "widget", "w", "--subresource=scale", "--type=merge", "-p", #"{"spec":{"replicas":0}}"#])
        #expect(try await server.ok(["get", "widget", "w", "-o", "jsonpath={.spec.size}"]) == "0")
    }
}
