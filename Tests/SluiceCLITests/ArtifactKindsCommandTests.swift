import Foundation
import SluiceTestSupport
import Testing

/// `sluice get` knows Flux 2.7's ExternalArtifact and ArtifactGenerator: alone, by short name and in `sources all`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct ArtifactKindsCommandTests {
    @Test func getListsExternalArtifactsAndArtifactGenerators() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: directory.appendingPathComponent("store.db").path)
        try await sluice.installCRDs()
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.extensions.fluxcd.io/v1beta1
            kind: ArtifactGenerator
            metadata:
              name: apps
              namespace: default
            spec:
              sources:
              - alias: repo
                kind: GitRepository
                name: repo
              artifacts:
              - name: podinfo
                copy:
                - from: "@repo/apps/**"
                  to: "@artifact/"
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: ExternalArtifact
            metadata:
              name: podinfo
              namespace: default
            spec:
              sourceRef:
                apiVersion: source.extensions.fluxcd.io/v1beta1
                kind: ArtifactGenerator
                name: apps
            """)
        try await sluice.kubectl(["patch", "externalartifact", "podinfo", "--subresource=status", "--type=merge", "-p", """
            {"status":{"artifact":{"path":"externalartifact/default/podinfo/1.tar.gz","url":"http://127.0.0.1:9090/x","revision":"latest@sha256:abc","lastUpdateTime":"2026-01-01T00:00:00Z"},
             "conditions":[{"type":"Ready","status":"True","reason":"Succeeded","message":"Artifact is ready","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
            """])

        let all = try await sluice("get", "sources", "all", "-n", "default")
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.contains("externalartifact:"), "\(all.stdout)")
        #expect(all.stdout.contains("artifactgenerator:"), "\(all.stdout)")
        #expect(all.stdout.contains("latest@sha256:abc"), "\(all.stdout)")
        for words in [["externalartifacts"], ["ea"], ["sources", "externalartifact"]] {
            let one = try await sluice.run(["get"] + words + ["podinfo", "-n", "default"])
            #expect(one.status == 0 && one.stdout.contains("Artifact is ready"), "\(words): \(one.stdout) \(one.stderr)")
        }
        let generators = try await sluice("get", "ag", "-n", "default")
        #expect(generators.status == 0 && generators.stdout.contains("apps"), "\(generators.stdout) \(generators.stderr)")
    }
}
