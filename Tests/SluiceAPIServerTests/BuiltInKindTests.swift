import Foundation
import Testing

/// `kubectl create` of built-in workloads (protobuf bodies), their defaults and validation, against a real
/// `sluice cluster serve`.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct BuiltInKindTests {
    func object(_ server: TestServer, _ arguments: [String]) async throws -> [String: Any] {
        try TestServer.json(Data(try await server.ok(arguments + ["-o", "json"]).utf8))
    }

    @Test func createdWorkloadsGetKubernetesDefaults() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        // kubectl's typed clients send these as protobuf.
        #expect(try await server.ok(["create", "deployment", "web", "--image=nginx", "--port=80"]).contains("deployment.apps/web created"))
        let deployment = try await object(server, ["get", "deployment", "web"])
        let spec = try #require(deployment["spec"] as? [String: Any])
        #expect(spec["replicas"] as? Int == 1)
        #expect(spec["revisionHistoryLimit"] as? Int == 10)
        #expect(spec["progressDeadlineSeconds"] as? Int == 600)
        let strategy = try #require(spec["strategy"] as? [String: Any])
        #expect(strategy["type"] as? String == "RollingUpdate")
        #expect((strategy["rollingUpdate"] as? [String: Any])?["maxSurge"] as? String == "25%")
        #expect((strategy["rollingUpdate"] as? [String: Any])?["maxUnavailable"] as? String == "25%")
        #expect((spec["selector"] as? [String: Any])?["matchLabels"] as? [String: String] == ["app": "web"])
        let pod = try #require((spec["template"] as? [String: Any])?["spec"] as? [String: Any])
        #expect(pod["restartPolicy"] as? String == "Always")
        #expect(pod["dnsPolicy"] as? String == "ClusterFirst")
        #expect(pod["terminationGracePeriodSeconds"] as? Int == 30)
        #expect(pod["schedulerName"] as? String == "default-scheduler")
        let container = try #require((pod["containers"] as? [[String: Any]])?.first)
        #expect(container["image"] as? String == "nginx")
        #expect(container["imagePullPolicy"] as? String == "Always")
        #expect(container["terminationMessagePath"] as? String == "/dev/termination-log")
        #expect(container["terminationMessagePolicy"] as? String == "File")
        #expect((container["ports"] as? [[String: Any]])?.first?["containerPort"] as? Int == 80)
        #expect((container["ports"] as? [[String: Any]])?.first?["protocol"] as? String == "TCP")
        #expect(try await server.ok(["get", "deployment", "web", "-o", "yaml"]).contains("maxSurge: 25%"))

        #expect(try await server.ok(["create", "service", "clusterip", "web", "--tcp=80:8080"]).contains("service/web created"))
        let service = try #require(try await object(server, ["get", "service", "web"])["spec"] as? [String: Any])
        let clusterIP = try #require(service["clusterIP"] as? String)
        let octets = clusterIP.split(separator: ".").compactMap { Int($0) }
        #expect(octets.count == 4 && octets[0] == 10 && (96...111).contains(octets[1]), "\(clusterIP) is not in 10.96.0.0/12")
        #expect(service["clusterIPs"] as? [String] == [clusterIP])
        #expect(service["type"] as? String == "ClusterIP")
        #expect(service["sessionAffinity"] as? String == "None")
        #expect(service["ipFamilies"] as? [String] == ["IPv4"])
        #expect(service["ipFamilyPolicy"] as? String == "SingleStack")
        #expect(service["internalTrafficPolicy"] as? String == "Cluster")
        let port = try #require((service["ports"] as? [[String: Any]])?.first)
        #expect(port["protocol"] as? String == "TCP")
        #expect(port["port"] as? Int == 80)
        #expect(port["targetPort"] as? Int == 8080)
        #expect(try await server.ok(["create", "service", "nodeport", "edge", "--tcp=80"]).contains("service/edge created"))
        let edge = try #require(try await object(server, ["get", "service", "edge"])["spec"] as? [String: Any])
        let nodePort = try #require((edge["ports"] as? [[String: Any]])?.first?["nodePort"] as? Int)
        #expect((30000...32767).contains(nodePort))
        #expect(edge["externalTrafficPolicy"] as? String == "Cluster")
        #expect(edge["clusterIP"] as? String != clusterIP)

        #expect(try await server.ok(["create", "job", "once", "--image=busybox:1.36", "--", "echo", "hi"]).contains("job.batch/once created"))
        let job = try await object(server, ["get", "job", "once"])
        let jobSpec = try #require(job["spec"] as? [String: Any])
        #expect(jobSpec["backoffLimit"] as? Int == 6)
        #expect(jobSpec["completions"] as? Int == 1)
        #expect(jobSpec["parallelism"] as? Int == 1)
        #expect(jobSpec["completionMode"] as? String == "NonIndexed")
        let uid = try #require((job["metadata"] as? [String: Any])?["uid"] as? String)
        #expect((jobSpec["selector"] as? [String: Any])?["matchLabels"] as? [String: String] == ["batch.kubernetes.io/controller-uid": uid])
        let jobPod = try #require((jobSpec["template"] as? [String: Any])?["spec"] as? [String: Any])
        let jobContainer = try #require((jobPod["containers"] as? [[String: Any]])?.first)
        #expect(jobContainer["command"] as? [String] == ["echo", "hi"])
        #expect(jobContainer["imagePullPolicy"] as? String == "IfNotPresent")

        #expect(try await server.ok(["create", "cronjob", "nightly", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"])
            .contains("cronjob.batch/nightly created"))
        let cronJob = try #require(try await object(server, ["get", "cronjob", "nightly"])["spec"] as? [String: Any])
        #expect(cronJob["schedule"] as? String == "*/5 * * * *")
        #expect(cronJob["concurrencyPolicy"] as? String == "Allow")
        #expect(cronJob["successfulJobsHistoryLimit"] as? Int == 3)
        #expect(cronJob["failedJobsHistoryLimit"] as? Int == 1)
        #expect(cronJob["suspend"] as? Bool == false)
    }

    @Test func workloadValidationAsARealCluster() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let mismatched = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: mismatch, namespace: default}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: other}}
                spec: {containers: [{name: c, image: nginx}]}
            """
        #expect(try await server.fails(["apply", "-f", "-"], stdin: mismatched).contains(
            #"spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`"#))
        // A server-side dry run reports what a real cluster would, and stores nothing.
        let noSelector = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: nosel, namespace: default}
            spec:
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: nginx}]}
            """
        let refused = try await server.fails(["apply", "--server-side", "--dry-run=server", "-f", "-"], stdin: noSelector)
        #expect(refused.contains(#"Deployment "nosel" is invalid"#))
        #expect(refused.contains("spec.selector: Required value"))
        let dryRun = try await server.ok(["apply", "--server-side", "--dry-run=server", "-o", "yaml", "-f", "-"],
                                         stdin: mismatched.replacingOccurrences(of: "app: other", with: "app: web"))
        #expect(dryRun.contains("revisionHistoryLimit: 10"))
        #expect(try await server.fails(["get", "deployment", "mismatch"]).contains("NotFound"))
        // Required in the OpenAPI schema only (no `omitempty`), not by Kubernetes' validation: accepted, as a real cluster does.
        let noServiceName = mismatched.replacingOccurrences(of: "kind: Deployment", with: "kind: StatefulSet")
            .replacingOccurrences(of: "app: other", with: "app: web")
        #expect(try await server.ok(["apply", "-f", "-"], stdin: noServiceName).contains("statefulset.apps/mismatch created"))
    }

    /// Names as `IsDNS1123Subdomain` checks them: the whole name is bounded (253), not each dot-separated part, while a
    /// namespace is a label (63).
    @Test func namesAreBoundedAsKubernetesBoundsThem() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let long = String(repeating: "a", count: 100)
        #expect(try await server.ok(["create", "configmap", long]).contains("configmap/\(long) created"))
        let tooLong = String(repeating: "b", count: 254)
        #expect(try await server.fails(["create", "configmap", tooLong]).contains("must be no more than 253 characters"))
        #expect(try await server.fails(["create", "namespace", long]).contains("must be no more than 63 characters"))
    }
}

/// Discovery and OpenAPI of every built-in kind, from the generated table.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct BuiltInDiscoveryTests {
    @Test func everyBuiltInKindIsServedAndExplained() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let resources = try await server.ok(["api-resources"])
        for expected in ["horizontalpodautoscalers", "hpa", "poddisruptionbudgets", "pdb", "ingressclasses", "storageclasses", "sc",
                         "priorityclasses", "pc", "csidrivers", "endpointslices", "limitranges", "resourcequotas", "quota",
                         "validatingwebhookconfigurations", "mutatingwebhookconfigurations", "selfsubjectaccessreviews",
                         "controllerrevisions", "podtemplates", "replicationcontrollers", "persistentvolumes", "nodes"]
        {
            #expect(resources.contains(expected), "api-resources lacks \(expected)")
        }
        #expect(try await server.ok(["get", "hpa,pdb,ingressclasses,storageclasses,priorityclasses,limitranges", "-A"])
            .contains("No resources found"))
        #expect(try await server.ok(["auth", "can-i", "create", "deployments"]).contains("yes"))

        let hpa = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web, namespace: default}
            spec:
              scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              maxReplicas: 4
            """
        #expect(try await server.ok(["apply", "-f", "-"], stdin: hpa).contains("horizontalpodautoscaler.autoscaling/web created"))
        let applied = try TestServer.json(Data(try await server.ok(["get", "hpa", "web", "-o", "json"]).utf8))
        let spec = try #require(applied["spec"] as? [String: Any])
        #expect(spec["minReplicas"] as? Int == 1)
        #expect((spec["metrics"] as? [[String: Any]])?.first?["type"] as? String == "Resource")
        // autoscaling/v1 would need conversion; only v2 is served.
        #expect(try await server.fails(["get", "horizontalpodautoscalers.v1.autoscaling"]).contains("the server doesn't have a resource type"))

        let explained = try await server.ok(["explain", "deployment.spec"])
        #expect(explained.contains("KIND:       Deployment"))
        #expect(explained.contains("minReadySeconds"))
        #expect(explained.contains("revisionHistoryLimit"))

        // An unknown field is refused under Strict field validation (kubectl's default), named as a real server names it.
        let typo = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: typo, namespace: default}
            spec:
              replica: 2
              selector: {matchLabels: {app: typo}}
              template:
                metadata: {labels: {app: typo}}
                spec: {containers: [{name: c, image: nginx}]}
            """
        #expect(try await server.fails(["apply", "-f", "-"], stdin: typo).contains(#"unknown field "spec.replica""#))
        #expect(try await server.ok(["apply", "--validate=false", "-f", "-"], stdin: typo).contains("deployment.apps/typo created"))
        // A server-side apply (Flux's kustomize-controller's) refuses it whatever the field validation, dry run or not, as
        // Kubernetes does: the apply patch must convert to the typed object first.
        for extra in [["--validate=false"], ["--validate=false", "--dry-run=server"]] {
            let refused = try await server.fails(["apply", "--server-side", "--field-manager=flux"] + extra + ["-f", "-"], stdin: typo)
            #expect(refused.contains("failed to create typed patch object (default/typo; apps/v1, Kind=Deployment): "
                                     + ".spec.replica: field not declared in schema"), "\(refused)")
        }
    }

    @Test func customKindsAreExplainedAndClientSideApplied() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "--server-side", "-f", "Config/crd/bases"])
        try await server.ok(["wait", "--for=condition=Established", "crd/gitrepositories.source.toolkit.fluxcd.io", "--timeout=10s"])
        let explained = try await server.ok(["explain", "gitrepository.spec"])
        #expect(explained.contains("KIND:       GitRepository"))
        #expect(explained.contains("interval"))
        // kubectl's client-side apply patches an existing custom object with a merge patch (its PATCH lists no
        // strategic merge patch, as in Kubernetes), so applying twice works.
        let repository = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: app, namespace: default}\nspec: {url: \"https://x\", interval: 1m}\n"
        try await server.ok(["apply", "-f", "-"], stdin: repository)
        #expect(try await server.ok(["apply", "-f", "-"], stdin: repository.replacingOccurrences(of: "1m", with: "2m"))
            .contains("gitrepository.source.toolkit.fluxcd.io/app configured"))
        // A server-side apply of a field the CRD's schema does not declare is refused, as Kubernetes refuses it.
        let typo = repository.replacingOccurrences(of: "interval: 1m", with: "interval: 1m, intervall: 2m")
        let refused = try await server.fails(["apply", "--server-side", "--validate=false", "-f", "-"], stdin: typo)
        #expect(refused.contains("failed to create typed patch object (default/app; source.toolkit.fluxcd.io/v1, Kind=GitRepository): "
                                 + ".spec.intervall: field not declared in schema"), "\(refused)")
    }
}
