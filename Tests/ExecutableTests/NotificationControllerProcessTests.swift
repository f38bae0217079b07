import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// The real `notification-controller`, `source-controller` and `kustomize-controller` executables against
/// `sluice cluster serve`, a real `git daemon` and `kubectl`: a push, a signed GitHub webhook to the receiver, the
/// source-controller fetching the new commit at once and the kustomize-controller applying it.
@Suite(.enabled(if: BuiltExecutables.isBuilt("notification-controller") && BuiltExecutables.isBuilt("source-controller")
                && BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct NotificationControllerProcessTests {
    @Test func pushToReceiverToNewArtifact() async throws {
        let bed = try await ControllerProcessBed.start("notification")
        defer { bed.stop() }
        let (fixture, common) = (bed.fixture, bed.common)
        @discardableResult func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
            try await bed.kubectl(arguments, input: input)
        }
        func configMap(_ value: String) -> GitFixture.Content {
            .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  version: \"\(value)\"\n")
        }
        let first = try await fixture.commit(["deploy/app.yaml": configMap("1")], message: "First")
        try await fixture.push()

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let notification = try bed.run("notification-controller", ["--receiver-addr", "127.0.0.1:0"])
        defer { notification.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        let receiverPort = try await eventually(timeout: .seconds(30)) { () -> Int? in
            guard let line = notification.stderr.split(separator: "\n").first(where: { $0.contains("serving webhook receivers") }),
                let range = line.range(of: #"127\.0\.0\.1:[0-9]+"#, options: .regularExpression)
            else { return nil }
            return Int(line[range].split(separator: ":").last!)
        }

        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata:
              name: webhook-token
              namespace: default
            stringData:
              token: e2e-token
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              url: \(bed.repositoryURL)
              ref:
                branch: main
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              path: ./deploy
              prune: true
              sourceRef:
                kind: GitRepository
                name: app
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata:
              name: github
              namespace: default
            spec:
              type: github
              events: ["push"]
              secretRef:
                name: webhook-token
              resources:
                - kind: GitRepository
                  name: app
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata:
              name: unreachable
              namespace: default
            spec:
              type: generic
              address: http://127.0.0.1:1/hook
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata:
              name: sources
              namespace: default
            spec:
              providerRef:
                name: unreachable
              eventSources:
                - kind: GitRepository
                  name: "*"
            """)
        func field(_ kind: String, _ name: String, _ path: String) async throws -> String { try await bed.field(kind, name, path) }
        try await eventually(timeout: .seconds(60)) { try await field("gitrepository", "app", ".status.artifact.revision") == "main@sha1:\(first)" }
        try await eventually(timeout: .seconds(60)) { try await field("configmap", "app", ".data.version") == "1" }
        try await eventually(timeout: .seconds(30)) {
            try await field("receiver", "github", ".status.conditions[?(@.type==\"Ready\")].status") == "True"
        }

        // `receiver url` prints the hook URL to paste into GitHub.
        let printed = try await ChildProcess.run("notification-controller", ["receiver", "url", "default/github",
                                                                             "--receiver-addr", "127.0.0.1:\(receiverPort)"] + common)
        #expect(printed.status == 0, "\(printed.stderr)")
        let hookURL = printed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(hookURL == "http://127.0.0.1:\(receiverPort)" + (try await field("receiver", "github", ".status.webhookPath")))

        // Push, then GitHub's signed push webhook: the source-controller fetches the new commit without waiting for its 1h interval.
        let second = try await fixture.commit(["deploy/app.yaml": configMap("2")], message: "Second")
        try await fixture.push()
        let pushedAt = ContinuousClock.now
        let body = Data(#"{"ref":"refs/heads/main","before":"\#(first)","after":"\#(second)","repository":{"full_name":"org/app"}}"#.utf8)
        let signature = "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array("e2e-token".utf8)))
            .map { String(format: "%02x", $0) }.joined()
        var request = URLRequest(url: try #require(URL(string: hookURL)))
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("push", forHTTPHeaderField: "X-GitHub-Event")
        request.setValue(signature, forHTTPHeaderField: "X-Hub-Signature-256")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        try await eventually(timeout: .seconds(60)) { try await field("gitrepository", "app", ".status.artifact.revision") == "main@sha1:\(second)" }
        func seconds(_ duration: Duration) -> String {
            String(format: "%.3f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
        print("push → receiver → new artifact: \(seconds(ContinuousClock.now - pushedAt)) s")
        try await eventually(timeout: .seconds(60)) { try await field("configmap", "app", ".data.version") == "2" }
        print("push → receiver → new artifact → applied: \(seconds(ContinuousClock.now - pushedAt)) s")
        #expect(try await field("kustomization", "app", ".status.lastAppliedRevision") == "main@sha1:\(second)")

        // The debugging commands.
        let receivers = try await ChildProcess.run("notification-controller", ["get", "receivers", "-A"] + common)
        #expect(receivers.status == 0, "\(receivers.stderr)")
        #expect(receivers.stdout.contains("Receiver initialized for path: /hook/"))
        let events = try await ChildProcess.run("notification-controller", ["events", "--for", "GitRepository/app"] + common)
        #expect(events.status == 0, "\(events.stderr)")
        #expect(events.stdout.contains("stored artifact for commit 'Second'"))
        let alerts = try await ChildProcess.run("notification-controller", ["get", "alerts"] + common)
        #expect(alerts.status == 0 && alerts.stdout.contains("default/sources") && alerts.stdout.contains("GitRepository/*"), "\(alerts.stdout)")
        let providers = try await ChildProcess.run("notification-controller", ["get", "providers", "-A"] + common)
        #expect(providers.status == 0 && providers.stdout.contains("http://127.0.0.1:1/hook"), "\(providers.stdout)")
        // The source-controller's events reached the Alert through the store; the unreachable provider's deliveries fail after
        // their retries and are recorded.
        try await eventually(timeout: .seconds(60)) {
            let failed = try await ChildProcess.run("notification-controller", ["deliveries", "--failed"] + common)
            return failed.status == 0 && failed.stdout.contains("default/unreachable")
        }

        notification.signal(SIGTERM)
        #expect(try await notification.wait(timeout: .seconds(20)) == 0, "\(notification.stderr)")
        source.signal(SIGTERM)
        #expect(try await source.wait(timeout: .seconds(20)) == 0, "\(source.stderr)")
        kustomize.signal(SIGTERM)
        #expect(try await kustomize.wait(timeout: .seconds(20)) == 0, "\(kustomize.stderr)")
    }
}
