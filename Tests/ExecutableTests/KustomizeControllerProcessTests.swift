import Foundation
import SluiceTestSupport
import Testing

/// The real `source-controller` and `kustomize-controller` executables against `sluice cluster serve`, a real `git daemon`
/// and the real `kubectl`, which also causes the drift.
@Suite(.enabled(if: BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct KustomizeControllerProcessTests {
    @Test func kustomizeControllerAppliesPrunesAndCorrectsDriftEndToEnd() async throws {
        let bed = try await ControllerProcessBed.start("kustomize", clusterFlags: ["--simulate-delay", "100ms"])
        defer { bed.stop() }
        let (fixture, common) = (bed.fixture, bed.common)
        @discardableResult func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
            try await bed.kubectl(arguments, input: input)
        }
        let deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
            spec:
              replicas: 2
              selector:
                matchLabels: {app: podinfo}
              template:
                metadata:
                  labels: {app: podinfo}
                spec:
                  containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.0.0

            """
        let first = try await fixture.commit([
            "deploy/deployment.yaml": .file(deployment),
            "deploy/config.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  region: ${region}\n"),
        ], message: "First")
        try await fixture.push()

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        try await bed.applyApp(extra: """
              wait: true
              postBuild:
                substitute:
                  region: eu-west-1
            """)
        func field(_ path: String) async throws -> String { try await bed.field("kustomization", "app", path) }
        /// Waits for `condition`; on a timeout, records the objects and the controllers' logs.
        func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
            try await bed.waitFor(what, kinds: "kustomization,gitrepository,deployment,configmap",
                                  logs: ["kustomize-controller": kustomize, "source-controller": source], condition)
        }
        try await waitFor("first apply") { try await field(".status.lastAppliedRevision") == "main@sha1:\(first)" }
        await #expect(try field(".status.conditions[?(@.type==\"Ready\")].message") == "Applied revision: main@sha1:\(first)")
        await #expect(try kubectl(["get", "configmap", "settings", "-o", "jsonpath={.data.region}"]) == "eu-west-1")

        // Drift: kubectl changes the replicas and deletes; the controller puts both back on its next interval.
        // (`kubectl scale` needs the scale subresource, which `sluice cluster serve` does not serve yet.)
        try await kubectl(["patch", "deployment", "podinfo", "--type=merge", "-p", #"{"spec":{"replicas":5}}"#])
        try await kubectl(["delete", "configmap", "settings"])
        try await waitFor("drift corrected") {
            let replicas = try? await kubectl(["get", "deployment", "podinfo", "-o", "jsonpath={.spec.replicas}"])
            let config = try? await kubectl(["get", "configmap", "settings", "-o", "name"]).trimmingCharacters(in: .whitespacesAndNewlines)
            return replicas == "2" && config == "configmap/settings"
        }

        // `diff`: 0 without drift, 1 with it (the Kustomization suspended so that nothing corrects it meanwhile).
        try await kubectl(["patch", "kustomization", "app", "--type=merge", "-p", "{\"spec\":{\"suspend\":true}}"])
        let clean = try await ChildProcess.run("kustomize-controller", ["diff", "default/app", "--log-level", "error"] + common)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        try await kubectl(["patch", "deployment", "podinfo", "--type=merge", "-p", #"{"spec":{"replicas":4}}"#])
        let drifted = try await ChildProcess.run("kustomize-controller", ["diff", "default/app", "--log-level", "error"] + common)
        #expect(drifted.status == 1, "\(drifted.stdout)\(drifted.stderr)")
        #expect(drifted.stdout.contains("Deployment/default/podinfo: spec.replicas 2 -> 4"))
        let absent = try await ChildProcess.run("kustomize-controller", ["diff", "default/absent", "--log-level", "error"] + common)
        #expect(absent.status == 2)
        try await kubectl(["patch", "kustomization", "app", "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}"])

        // A new commit removing the ConfigMap: pruned.
        let second = try await fixture.commit([:], removing: ["deploy/config.yaml"], message: "Second")
        try await fixture.push()
        try await waitFor("second commit applied") { try await field(".status.lastAppliedRevision") == "main@sha1:\(second)" }
        await #expect(try kubectl(["get", "configmap", "-o", "name"]).contains("configmap/settings") == false)
        await #expect(try kubectl(["get", "deployment", "podinfo", "-o", "jsonpath={.spec.replicas}"]) == "2")

        let listed = try await ChildProcess.run("kustomize-controller", ["get", "kustomizations", "-A"] + common)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("Applied revision: main@sha1:\(second)"))
        let once = try await ChildProcess.run("kustomize-controller", ["reconcile", "kustomization", "default/app", "--log-level", "error"] + common)
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")

        kustomize.signal(SIGTERM)
        source.signal(SIGTERM)
        #expect(try await kustomize.wait(timeout: .seconds(20)) == 0, "\(kustomize.stderr)")
        #expect(try await source.wait(timeout: .seconds(20)) == 0, "\(source.stderr)")
    }
}
