import Foundation
import SluiceTestSupport
import Testing

/// The built `sluice` verbs against a real `sluice cluster serve`, objects made with the real `kubectl`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct CLIVerbTests {
    @Test func getSuspendResumeExportTreeTraceAndStats() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: directory.appendingPathComponent("store.db").path)
        try await sluice.installCRDs()
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 1h
              url: https://example.invalid/app.git
              ref:
                branch: main
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: app
              namespace: default
            spec:
              interval: 10m
              path: ./deploy
              prune: true
              sourceRef:
                kind: GitRepository
                name: app
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: nested
              namespace: default
            spec:
              interval: 10m
              path: ./nested
              prune: true
              sourceRef:
                kind: GitRepository
                name: app
            """)
        // Status as the controllers would write it.
        try await sluice.kubectl(["patch", "kustomization", "app", "--subresource=status", "--type=merge", "-p", """
            {"status":{"lastAppliedRevision":"main@sha1:abc","conditions":[{"type":"Ready","status":"True","reason":"ReconciliationSucceeded","message":"Applied revision: main@sha1:abc","lastTransitionTime":"2026-01-01T00:00:00Z"}],
             "inventory":{"entries":[{"id":"default_web_apps_Deployment","v":"v1"},{"id":"default_nested_kustomize.toolkit.fluxcd.io_Kustomization","v":"v1"}]}}}
            """])
        try await sluice.kubectl(["patch", "kustomization", "nested", "--subresource=status", "--type=merge", "-p", """
            {"status":{"inventory":{"entries":[{"id":"default_settings__ConfigMap","v":"v1"}]}}}
            """])

        let all = try await sluice("get", "all", "-n", "default")
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("gitrepository:"))
        #expect(all.stdout.contains("kustomization:"))
        #expect(all.stdout.contains("main@sha1:abc"))
        #expect(all.stdout.contains("Applied revision: main@sha1:abc"))
        #expect(all.stdout.contains("AGE"))

        let json = try await sluice("get", "sources", "git", "-A", "-o", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((list["items"] as? [Any])?.count == 1)

        let suspended = try await sluice("suspend", "kustomization", "app", "-n", "default")
        #expect(suspended.status == 0, "\(suspended.stderr)")
        await #expect(try sluice.kubectl(["get", "kustomization", "app", "-o", "jsonpath={.spec.suspend}"]) == "true")
        let table = try await sluice("get", "ks", "app", "-n", "default")
        #expect(table.stdout.contains("True"), "\(table.stdout)")
        let refused = try await sluice("reconcile", "kustomization", "app", "-n", "default", "--timeout", "5s")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: Kustomization default/app is suspended"))
        #expect(refused.stderr.contains("hint: resume it first"))
        let resumed = try await sluice("resume", "kustomization", "app", "-n", "default", "--no-wait")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        await #expect(try sluice.kubectl(["get", "kustomization", "app", "-o", "jsonpath={.spec.suspend}"]) == "false")

        let exported = try await sluice("export", "source", "git", "app", "-n", "default")
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("kind: GitRepository"))
        #expect(exported.stdout.contains("url: https://example.invalid/app.git"))
        #expect(!exported.stdout.contains("status:"))
        #expect(!exported.stdout.contains("resourceVersion"))
        #expect(!exported.stdout.contains("uid:"))

        let tree = try await sluice("tree", "kustomization", "app", "-n", "default")
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout == """
            Kustomization/default/app
            ├── Deployment/default/web
            └── Kustomization/default/nested
                └── ConfigMap/default/settings

            """, "\(tree.stdout)")

        let trace = try await sluice("trace", "deployment", "web", "-n", "default")
        #expect(trace.status == 0, "\(trace.stderr)")
        #expect(trace.stdout.contains("Kustomization: default/app"))
        #expect(trace.stdout.contains("Source:        GitRepository/default/app"))
        #expect(trace.stdout.contains("main@sha1:abc"))

        let stats = try await sluice("stats", "-A")
        #expect(stats.status == 0, "\(stats.stderr)")
        #expect(stats.stdout.split(separator: "\n").contains { $0.hasPrefix("Kustomization ") && $0.split(separator: " ").map(String.init) == ["Kustomization", "2", "1", "0", "0"] },
                "\(stats.stdout)")

        // Errors: one line and a hint, exit status 1, nothing on stdout.
        let missing = try await sluice("get", "kustomization", "absent", "-n", "default")
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.hasPrefix("error: "))
        #expect(missing.stderr.contains("\nhint: "))
        let unknown = try await sluice("suspend", "widget", "x")
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("error: unknown kind 'widget'"))
        let noStore = try await sluice("events")
        #expect(noStore.status == 1)
        #expect(noStore.stderr.contains("error: no Sluice store at"))
    }
}
