import Foundation
import SluiceTestSupport
import Testing

/// The real `source-controller`, `kustomize-controller` and `notification-controller` executables against
/// `sluice cluster serve`, a real `git daemon` and a real HTTP listener standing in for Gitea's commit status API:
/// Flux's `Reconciliation finished` event sets a success status on the applied commit; a manifest with a typo in a
/// Deployment field fails the whole apply (nothing of the commit applied), naming the object and the field, and the
/// failure event sets a failure status on that commit.
@Suite(.enabled(if: BuiltExecutables.isBuilt("notification-controller") && BuiltExecutables.isBuilt("source-controller")
                && BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct CommitStatusProcessTests {
    @Test func commitStatusesForSuccessAndForAnUnknownField() async throws {
        let bed = try await ControllerProcessBed.start("commit-status")
        defer { bed.stop() }
        let gitea = try await CapturingListener.start()
        defer { gitea.stop() }
        func configMap(_ value: String) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  version: \"\(value)\"\n"
        }
        let first = try await bed.fixture.commit(["deploy/app.yaml": .file(configMap("1"))], message: "First")
        try await bed.fixture.push()

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        let notification = try bed.run("notification-controller", ["--receiver-addr", "127.0.0.1:0"])
        defer { notification.signal(SIGKILL) }
        let processes = ["source": source, "kustomize": kustomize, "notification": notification]

        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata: {name: gitea-token, namespace: default}
            stringData: {token: tea}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata: {name: gitea, namespace: default}
            spec:
              type: gitea
              address: \(gitea.url("/org/app"))
              secretRef: {name: gitea-token}
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata: {name: gitea, namespace: default}
            spec:
              providerRef: {name: gitea}
              eventSources: [{kind: Kustomization, name: app}]
            """)
        try await bed.applyApp(extra: "")
        func statuses() -> [(path: String, state: String?, description: String?)] {
            gitea.requests.map { ($0.path, $0.object["state"] as? String, $0.object["description"] as? String) }
        }
        let applied = "/api/v1/repos/org/app/statuses/\(first)"
        try await bed.waitFor("a success status on the applied commit", logs: processes) {
            statuses().contains { $0.path == applied && $0.state == "success" }
        }
        let success = try #require(statuses().first { $0.path == applied })
        #expect(success.description?.hasPrefix("Reconciliation finished in ") == true, "\(success)")
        #expect(gitea.requests.first?.headers["authorization"] == "token tea")
        #expect(try await bed.field("configmap", "app", ".data.version") == "1")

        // A typo in a Deployment field: the dry run refuses it, so nothing of the commit is applied (not even the ConfigMap).
        let typo = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app, namespace: default}
            spec:
              replica: 2
              selector: {matchLabels: {app: app}}
              template:
                metadata: {labels: {app: app}}
                spec: {containers: [{name: app, image: nginx}]}
            """
        let second = try await bed.fixture.commit(["deploy/app.yaml": .file(configMap("2")), "deploy/deployment.yaml": .file(typo)],
                                                  message: "Typo")
        try await bed.fixture.push()
        let ready = ".status.conditions[?(@.type==\"Ready\")]"
        try await bed.waitFor("the typo fails the Kustomization", logs: processes) {
            let status = try await bed.field("kustomization", "app", "\(ready).status")
            let message = try await bed.field("kustomization", "app", "\(ready).message")
            return status == "False" && message.contains("replica")
        }
        let message = try await bed.field("kustomization", "app", "\(ready).message")
        #expect(message.contains("Deployment/default/app dry-run failed: failed to create typed patch object "
                                 + "(default/app; apps/v1, Kind=Deployment): .spec.replica: field not declared in schema"), "\(message)")
        #expect(try await bed.field("kustomization", "app", ".status.lastAttemptedRevision") == "main@sha1:\(second)")
        #expect(try await bed.field("configmap", "app", ".data.version") == "1")
        #expect(try await bed.kubectl(["get", "deployments", "-o", "name"]).isEmpty)
        try await bed.waitFor("a failure status on the broken commit", logs: processes) {
            statuses().contains { $0.path == "/api/v1/repos/org/app/statuses/\(second)" && $0.state == "failure" }
        }
        // The failure is an event on the Kustomization with the revision, as `notification-controller events` shows.
        let events = try await ChildProcess.run("notification-controller", ["events", "--for", "Kustomization/app"] + bed.common)
        #expect(events.status == 0 && events.stdout.contains("field not declared in schema"), "\(events.stdout)\(events.stderr)")
    }
}
