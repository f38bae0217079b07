import Foundation
import Testing

/// The real `kubectl` against a real `sluice cluster serve` child process.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct KubectlTests {
    @Test func discoveryAndCoreVerbs() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let resources = try await server.ok(["api-resources"])
        for expected in ["configmaps", "cm", "deploy", "customresourcedefinitions", "networkpolicies", "leases"] {
            #expect(resources.contains(expected), "api-resources lacks \(expected)")
        }
        #expect(try await server.ok(["create", "namespace", "team"]).contains("namespace/team created"))
        #expect(try await server.ok(["-n", "team", "create", "configmap", "app", "--from-literal=a=1"]).contains("configmap/app created"))
        let json = try await server.ok(["-n", "team", "get", "configmap", "app", "-o", "json"])
        let object = try TestServer.json(Data(json.utf8))
        #expect((object["data"] as? [String: String])?["a"] == "1")
        #expect(((object["metadata"] as? [String: Any])?["uid"] as? String)?.isEmpty == false)
        #expect(try await server.ok(["-n", "team", "get", "cm", "app", "-o", "yaml"]).contains("name: app"))
        #expect(try await server.ok(["-n", "team", "get", "cm", "-o", "wide"]).contains("app"))

        // Error texts, as the real server words them.
        #expect(try await server.fails(["-n", "team", "get", "cm", "nope"])
            .contains("Error from server (NotFound): configmaps \"nope\" not found"))
        #expect(try await server.fails(["-n", "team", "create", "cm", "app"])
            .contains("configmaps \"app\" already exists"))
        #expect(try await server.fails(["create", "namespace", "Bad_Name"])
            .contains("The Namespace \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\""))
        #expect(try await server.fails(["-n", "nowhere", "create", "cm", "x"]).contains("namespaces \"nowhere\" not found"))
        #expect(try await server.fails(["delete", "namespace", "default"])
            .contains("Error from server (Forbidden): namespaces \"default\" is forbidden: this namespace may not be deleted"))
        let noSelector = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nosel}\nspec: {}\n"
        #expect(try await server.fails(["apply", "-f", "-"], stdin: noSelector).contains("* spec.selector: Required value"))

        // label, annotate, the three patch types, replace.
        try await server.ok(["-n", "team", "label", "cm", "app", "tier=web"])
        try await server.ok(["-n", "team", "annotate", "cm", "app", "note=hi"])
        #expect(try await server.ok(["-n", "team", "get", "cm", "-l", "tier in (web,db)", "-o", "name"]).contains("configmap/app"))
        #expect(!(try await server.ok(["-n", "team", "get", "cm", "-l", "tier!=web", "-o", "name"]).contains("configmap/app")))
        try await server.ok(["-n", "team", "patch", "cm", "app", "--type", "merge", "-p", #"{"data":{"m":"2"}}"#])
        try await server.ok(["-n", "team", "patch", "cm", "app", "--type", "json", "-p", #"[{"op":"add","path":"/data/j","value":"3"}]"#])
        try await server.ok(["-n", "team", "patch", "cm", "app", "--type", "strategic", "-p", #"{"data":{"s":"4"}}"#])
        let patched = try TestServer.json(Data(try await server.ok(["-n", "team", "get", "cm", "app", "-o", "json"]).utf8))
        #expect(patched["data"] as? [String: String] == ["a": "1", "m": "2", "j": "3", "s": "4"])
        let manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: app, namespace: team}
            data: {replaced: "yes"}
            """
        try await server.ok(["replace", "-f", "-"], stdin: manifest)
        #expect(try await server.ok(["-n", "team", "get", "cm", "app", "-o", "jsonpath={.data}"]) == #"{"replaced":"yes"}"#)
        // A stale resourceVersion is a conflict.
        let stale = manifest.replacingOccurrences(of: "namespace: team}", with: "namespace: team, resourceVersion: \"1\"}")
        #expect(try await server.fails(["replace", "-f", "-"], stdin: stale)
            .contains("Operation cannot be fulfilled on configmaps \"app\": the object has been modified"))

        // Client-side apply (kubectl's default) and delete.
        try await server.ok(["apply", "-f", "-"], stdin: manifest.replacingOccurrences(of: "app,", with: "applied,"))
        #expect(try await server.ok(["-n", "team", "delete", "cm", "app"]).contains("configmap \"app\" deleted"))
        #expect(try await server.ok(["delete", "namespace", "team"]).contains("namespace \"team\" deleted"))
        #expect(try await server.fails(["get", "cm", "applied", "-n", "team"]).contains("NotFound"))
    }

    @Test func secretStringDataIsFoldedIntoData() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        // As a real server: `stringData` is write-only, merged into `data` (winning over the same key) and never stored.
        let secret = { (password: String) in
            "apiVersion: v1\nkind: Secret\nmetadata: {name: creds, namespace: default}\ndata: {username: Zmx1eA==, password: b2xk}\nstringData: {password: \(password)}\n"
        }
        try await server.ok(["apply", "-f", "-"], stdin: secret("hunter2"))
        let json = try TestServer.json(Data(try await server.ok(["get", "secret", "creds", "-o", "json"]).utf8))
        #expect(json["stringData"] == nil)
        #expect(json["type"] as? String == "Opaque")
        #expect((json["data"] as? [String: String]) == ["username": "Zmx1eA==", "password": Data("hunter2".utf8).base64EncodedString()])
        try await server.ok(["apply", "--server-side", "--force-conflicts", "-f", "-"], stdin: secret("s3cret"))
        #expect(try await server.ok(["get", "secret", "creds", "-o", "jsonpath={.data.password}"]) == Data("s3cret".utf8).base64EncodedString())
    }

    @Test func customResourceDefinitionsAndSamples() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "--server-side", "-f", "Config/crd/bases"])
        try await server.ok(["wait", "--for=condition=Established", "crd/gitrepositories.source.toolkit.fluxcd.io",
                             "crd/kustomizations.kustomize.toolkit.fluxcd.io", "--timeout=10s"])
        try await server.ok(["create", "namespace", "flux-system"])
        try await server.ok(["apply", "--server-side", "-f", "Config/samples"])
        let repositories = try await server.ok(["get", "gitrepositories", "-A"])
        #expect(repositories.contains("podinfo") && repositories.contains("URL") && repositories.contains("https://github.com/stefanprodan/podinfo"),
                "additionalPrinterColumns: \(repositories)")
        #expect(try await server.ok(["get", "kustomizations.kustomize.toolkit.fluxcd.io", "-A", "-o", "name"]).contains("podinfo"))
        // Required fields are enforced with the field named.
        let invalid = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata: {name: broken, namespace: default}
            spec: {interval: 1m}
            """
        let error = try await server.fails(["apply", "--server-side", "-f", "-"], stdin: invalid)
        #expect(error.contains("is invalid") && error.contains("spec.url: Required value"), "\(error)")
        // Unknown fields: rejected under kubectl's default strict validation, pruned otherwise; schema defaults applied.
        let unknown = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: extra, namespace: default}\nspec: {url: \"https://x\", interval: 1m, foo: 1}\n"
        #expect(try await server.fails(["create", "-f", "-"], stdin: unknown).contains("strict decoding error: unknown field \"spec.foo\""))
        try await server.ok(["create", "--validate=false", "-f", "-"], stdin: unknown)
        #expect(try await server.ok(["get", "gitrepository", "extra", "-o", "jsonpath={.spec}"]) == #"{"interval":"1m","timeout":"60s","url":"https://x"}"#)
        // Deleting the CRD deletes its objects and stops serving the kind.
        try await server.ok(["delete", "crd", "gitrepositories.source.toolkit.fluxcd.io"])
        let gone = try await server.fails(["get", "gitrepositories", "-A"])
        #expect(gone.contains("the server doesn't have a resource type") || gone.contains("could not find the requested resource"), "\(gone)")
        _ = try await server.fails(["get", "gitrepositories.source.toolkit.fluxcd.io", "podinfo", "-n", "default"])
    }

    @Test func watchStreamsChanges() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["create", "configmap", "before"])
        let watch = try server.background(["get", "configmaps", "-w", "--output-watch-events"])
        defer { watch.process.terminate() }
        let clock = ContinuousClock()
        var deadline = clock.now + .seconds(10)
        while !watch.output().contains("before"), clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try await server.ok(["create", "configmap", "watched"])
        try await server.ok(["label", "configmap", "watched", "x=y"])
        try await server.ok(["delete", "configmap", "watched"])
        deadline = clock.now + .seconds(10)
        while !watch.output().contains("DELETED"), clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let lines = watch.output().split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(2).joined(separator: " ") }
        // kube-root-ca.crt is in every namespace from the start, as in Kubernetes.
        #expect(lines == ["EVENT NAME", "ADDED before", "ADDED kube-root-ca.crt", "ADDED watched", "MODIFIED watched", "DELETED watched"],
                "\(lines)")
    }

    @Test func simulatedWorkloadStatus() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        func deployment(_ name: String, annotations: String = "{}") -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: \(name), annotations: \(annotations)}
            spec:
              replicas: 2
              selector: {matchLabels: {app: \(name)}}
              template:
                metadata: {labels: {app: \(name)}}
                spec: {containers: [{name: c, image: nginx}]}
            """
        }
        try await server.ok(["apply", "-f", "-"], stdin: deployment("web"))
        try await server.ok(["wait", "--for=condition=Available", "deployment/web", "--timeout=10s"])
        #expect(try await server.ok(["get", "deploy", "web", "-o", "jsonpath={.status.readyReplicas}"]) == "2")
        // Server-side printing: the columns kubectl shows against a real cluster.
        let table = try await server.ok(["get", "deploy", "web", "-o", "wide"])
        #expect(table.contains("READY") && table.contains("2/2") && table.contains("IMAGES") && table.contains("nginx"), "\(table)")
        try await server.ok(["apply", "-f", "-"], stdin: deployment("broken", annotations: "{sluice.dev/simulate: fail}"))
        try await server.ok(["wait", "--for=condition=Progressing=False", "deployment/broken", "--timeout=10s"])
        #expect(try await server.ok(["get", "deploy", "broken", "-o", "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}"])
            == "ProgressDeadlineExceeded")
        let job = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: once}
            spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}
            """
        try await server.ok(["apply", "-f", "-"], stdin: job)
        try await server.ok(["wait", "--for=condition=Complete", "job/once", "--timeout=10s"])
    }

    /// Pods: one that does not restart runs to completion (as Helm's test hooks), one that restarts runs and is Ready,
    /// one asked to fail ends `Failed`; a finished Pod stays finished.
    @Test func simulatedPodStatus() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        func pod(_ name: String, restartPolicy: String, annotations: String = "{}") -> String {
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: \(name), annotations: \(annotations)}
            spec: {restartPolicy: \(restartPolicy), containers: [{name: main, image: busybox}]}
            """
        }
        try await server.ok(["apply", "-f", "-"], stdin: pod("test-once", restartPolicy: "Never"))
        try await server.ok(["apply", "-f", "-"], stdin: pod("on-failure", restartPolicy: "OnFailure"))
        try await server.ok(["apply", "-f", "-"], stdin: pod("server", restartPolicy: "Always"))
        try await server.ok(["apply", "-f", "-"], stdin: pod("broken", restartPolicy: "Never", annotations: "{sluice.dev/simulate: fail}"))
        try await server.ok(["wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/test-once", "pod/on-failure", "--timeout=10s"])
        try await server.ok(["wait", "--for=condition=Ready", "pod/server", "--timeout=10s"])
        try await server.ok(["wait", "--for=jsonpath={.status.phase}=Failed", "pod/broken", "--timeout=10s"])
        #expect(try await server.ok(["get", "pod", "test-once", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.exitCode}"]) == "0")
        #expect(try await server.ok(["get", "pod", "broken", "-o", "jsonpath={.status.containerStatuses[0].state.terminated.reason}"]) == "Error")
        #expect(try await server.ok(["get", "pod", "server", "-o", "jsonpath={.status.phase}"]) == "Running")
        // A finished Pod does not run again when its metadata changes.
        try await server.ok(["label", "pod", "test-once", "touched=yes"])
        try await server.ok(["label", "pod", "broken", "touched=yes"])
        try await Task.sleep(for: .milliseconds(600))
        #expect(try await server.ok(["get", "pod", "test-once", "-o", "jsonpath={.status.phase}"]) == "Succeeded")
        #expect(try await server.ok(["get", "pod", "broken", "-o", "jsonpath={.status.phase}"]) == "Failed")
    }

    @Test
    func serverSideApplyConflictBetweenManagers() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let first = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {key: one}\n"
        let second = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {key: two}\n"
        try await server.ok(["apply", "--server-side", "--field-manager=a", "-f", "-"], stdin: first)
        let error = try await server.fails(["apply", "--server-side", "--field-manager=b", "-f", "-"], stdin: second)
        #expect(error.contains("Apply failed with 1 conflict: conflict with \"a\""), "\(error)")
        #expect(error.contains(".data.key"))
        try await server.ok(["apply", "--server-side", "--field-manager=b", "--force-conflicts", "-f", "-"], stdin: second)
        #expect(try await server.ok(["get", "cm", "shared", "-o", "jsonpath={.data.key}"]) == "two")
        // A field the manager drops is removed.
        try await server.ok(["apply", "--server-side", "--field-manager=b", "-f", "-"],
                            stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {other: x}\n")
        #expect(try await server.ok(["get", "cm", "shared", "-o", "jsonpath={.data}"]) == #"{"other":"x"}"#)
    }
}
