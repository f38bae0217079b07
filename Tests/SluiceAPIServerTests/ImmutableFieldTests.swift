import Foundation
import Testing

/// Fields the real server refuses to change in place, seen through the real `kubectl` against a real `sluice cluster serve`.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct ImmutableFieldTests {
    static func deployment(selector: String, replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: \(replicas)
          selector: {matchLabels: {app: \(selector)}}
          template:
            metadata: {labels: {app: \(selector)}}
            spec: {containers: [{name: app, image: nginx}]}
        """
    }

    @Test func deploymentSelectorIsImmutableAndReplicasAreNot() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.deployment(selector: "web"))
        let uid = try await server.ok(["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"])
        // Allowed: replicas change, through client-side and server-side apply.
        #expect(try await server.ok(["apply", "-f", "-"], stdin: Self.deployment(selector: "web", replicas: 3)).contains("deployment.apps/web configured"))
        try await server.ok(["apply", "--server-side", "--force-conflicts", "-f", "-"], stdin: Self.deployment(selector: "web", replicas: 2))
        #expect(try await server.ok(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]) == "2")

        let expected = #"The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#
        let clientSide = try await server.fails(["apply", "-f", "-"], stdin: Self.deployment(selector: "web2"))
        #expect(clientSide.contains(expected), "\(clientSide)")
        let serverSide = try await server.fails(["apply", "--server-side", "--force-conflicts", "-f", "-"], stdin: Self.deployment(selector: "web2"))
        #expect(serverSide.contains("field is immutable") && serverSide.contains("spec.selector"), "\(serverSide)")
        let dryRun = try await server.fails(["apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "-"], stdin: Self.deployment(selector: "web2"))
        #expect(dryRun.contains("field is immutable"), "\(dryRun)")
        #expect(try await server.ok(["get", "deploy", "web", "-o", "jsonpath={.spec.selector.matchLabels.app}"]) == "web")
        #expect(try await server.ok(["get", "deploy", "web", "-o", "jsonpath={.metadata.uid}"]) == uid)
        // A create is never refused for it: delete and create again takes the new selector.
        try await server.ok(["delete", "deploy", "web"])
        try await server.ok(["apply", "-f", "-"], stdin: Self.deployment(selector: "web2"))
    }

    @Test func statusShape() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.deployment(selector: "web"))
        let patch = #"{"spec":{"selector":{"matchLabels":{"app":"other"}}}}"#
        let response = try await server.http("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", body: Data(patch.utf8),
                                             contentType: "application/merge-patch+json")
        #expect(response.status == 422)
        let status = try TestServer.json(response.body)
        #expect(status["kind"] as? String == "Status")
        #expect(status["reason"] as? String == "Invalid")
        #expect(status["message"] as? String
            == #"Deployment.apps "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"other"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#)
        let details = status["details"] as? [String: Any]
        let causes = details?["causes"] as? [[String: String]]
        #expect(causes?.first?["reason"] == "FieldValueInvalid")
        #expect(causes?.first?["field"] == "spec.selector")
        #expect(details?["kind"] as? String == "Deployment" && details?["group"] as? String == "apps")
    }

    @Test func jobTemplateConfigMapServiceAndStatefulSet() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        func job(_ image: String) -> String {
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: once, namespace: default}
            spec:
              template:
                spec: {restartPolicy: Never, containers: [{name: run, image: \(image)}]}
            """
        }
        try await server.ok(["apply", "-f", "-"], stdin: job("busybox:1"))
        let jobError = try await server.fails(["apply", "-f", "-"], stdin: job("busybox:2"))
        #expect(jobError.contains(#"The Job "once" is invalid: spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable"#), "\(jobError)")

        func configMap(_ value: String, immutable: Bool) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen, namespace: default}\nimmutable: \(immutable)\ndata: {key: \(value)}\n"
        }
        try await server.ok(["apply", "-f", "-"], stdin: configMap("a", immutable: false))
        // Not immutable yet: data changes, and marking it immutable is allowed.
        try await server.ok(["apply", "-f", "-"], stdin: configMap("b", immutable: true))
        let frozen = try await server.fails(["apply", "-f", "-"], stdin: configMap("c", immutable: true))
        #expect(frozen.contains(#"The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set"#), "\(frozen)")
        let thawed = try await server.fails(["apply", "-f", "-"], stdin: configMap("b", immutable: false))
        #expect(thawed.contains("immutable: Forbidden: field is immutable when `immutable` is set"), "\(thawed)")
        // Metadata of an immutable ConfigMap still changes.
        try await server.ok(["label", "cm", "frozen", "tier=web"])
        #expect(try await server.ok(["get", "cm", "frozen", "-o", "jsonpath={.data.key}"]) == "b")

        func secret(_ value: String) -> String {
            "apiVersion: v1\nkind: Secret\nmetadata: {name: sealed, namespace: default}\nimmutable: true\nstringData: {key: \(value)}\n"
        }
        try await server.ok(["apply", "--server-side", "-f", "-"], stdin: secret("a"))
        #expect(try await server.fails(["apply", "--server-side", "-f", "-"], stdin: secret("b"))
            .contains("data: Forbidden: field is immutable when `immutable` is set"))

        func service(_ clusterIP: String?) -> String {
            "apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: default}\nspec:\n"
                + (clusterIP.map { "  clusterIP: \($0)\n" } ?? "") + "  ports: [{port: 80}]\n"
        }
        try await server.ok(["apply", "-f", "-"], stdin: service("10.96.0.10"))
        try await server.ok(["apply", "-f", "-"], stdin: service(nil))
        #expect(try await server.ok(["get", "svc", "api", "-o", "jsonpath={.spec.clusterIP}"]) == "10.96.0.10")
        let moved = try await server.fails(["apply", "-f", "-"], stdin: service("10.96.0.11"))
        #expect(moved.contains(#"The Service "api" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.11"}: may not change once set"#), "\(moved)")

        func statefulSet(replicas: Int, serviceName: String) -> String {
            """
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: db, namespace: default}
            spec:
              replicas: \(replicas)
              serviceName: \(serviceName)
              selector: {matchLabels: {app: db}}
              template:
                metadata: {labels: {app: db}}
                spec: {containers: [{name: db, image: postgres}]}
            """
        }
        try await server.ok(["apply", "-f", "-"], stdin: statefulSet(replicas: 1, serviceName: "db"))
        try await server.ok(["apply", "-f", "-"], stdin: statefulSet(replicas: 3, serviceName: "db"))
        let statefulSetError = try await server.fails(["apply", "-f", "-"], stdin: statefulSet(replicas: 3, serviceName: "db2"))
        #expect(statefulSetError.contains(#"The StatefulSet "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"#),
                "\(statefulSetError)")

        func claim(_ storage: String, accessMode: String) -> String {
            """
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: data, namespace: default}
            spec:
              accessModes: [\(accessMode)]
              resources: {requests: {storage: \(storage)}}
            """
        }
        try await server.ok(["apply", "-f", "-"], stdin: claim("1Gi", accessMode: "ReadWriteOnce"))
        try await server.ok(["apply", "-f", "-"], stdin: claim("2Gi", accessMode: "ReadWriteOnce"))
        #expect(try await server.fails(["apply", "-f", "-"], stdin: claim("2Gi", accessMode: "ReadWriteMany"))
            .contains("spec: Forbidden: spec is immutable after creation except resources.requests"))
    }
}
