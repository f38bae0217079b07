import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// ArtifactGenerators over a real `git daemon` repository: the GitRepository reconciler stores its artifact, the
/// generator composes ExternalArtifacts from it in a real `sluice cluster serve`, and GNU tar reads what was stored.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct ArtifactGeneratorTests {
    static let generator = """
        apiVersion: source.extensions.fluxcd.io/v1beta1
        kind: ArtifactGenerator
        metadata:
          name: gen
          namespace: default
        spec:
          commonMetadata:
            labels:
              team: apps
          sources:
          - alias: repo
            kind: GitRepository
            name: repo
          artifacts:
          - name: manifests
            originRevision: "@repo"
            copy:
            - from: "@repo/deploy/**"
              to: "@artifact/"
              exclude: ["*.md"]
          - name: chart
            revision: "@repo"
            copy:
            - from: "@repo/charts/podinfo"
              to: "@artifact/"
            - from: "@repo/values/prod.yaml"
              to: "@artifact/podinfo/values.yaml"
              strategy: Merge

        """

    func generators(_ bed: SourceTestBed) -> Controller<ArtifactGeneratorReconciler> {
        bed.controller(over: ArtifactGeneratorReconciler(client: bed.api, artifactBaseURL: { "http://127.0.0.1:9090" }))
    }

    @Test func composesExternalArtifactsFollowsCommitsRefusesEscapesAndCleansUp() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        let sha = try await fixture.commit([
            "deploy/app.yaml": .file("kind: ConfigMap\n"),
            "deploy/README.md": .file("notes\n"),
            "deploy/nested/svc.yaml": .file("kind: Service\n"),
            "charts/podinfo/Chart.yaml": .file("apiVersion: v2\nname: podinfo\nversion: 6.0.0\n"),
            "charts/podinfo/values.yaml": .file("replicas: 1\nimage:\n  tag: stable\nports: [80]\n"),
            "values/prod.yaml": .file("replicas: 3\nimage:\n  repository: ghcr.io/podinfo\nports: [8080]\n"),
            "escape": .symlink("/etc"),
        ], message: "first")
        try await fixture.push()
        try await bed.applyGitRepository("repo", url: daemon.url(fixture.repositoryName))
        let repoKey = ObjectKey(namespace: "default", name: "repo")
        #expect(await bed.controller().reconcile(repoKey).isReady)

        try await bed.kubectl(["apply", "-f", "-"], input: Self.generator)
        let generators = generators(bed)
        let key = ObjectKey(namespace: "default", name: "gen")
        let first = await generators.reconcile(key)
        #expect(first.isReady, "\(first.report)")
        let generator = try await bed.object(ArtifactGenerator.self, "gen")
        #expect(generator.conditions.first { $0.type == ConditionType.ready }?.message == "reconciliation succeeded, generated 2 artifact(s)")
        #expect(generator.status?.inventory?.map(\.name) == ["manifests", "chart"])
        #expect(generator.status?.observedSourcesDigest?.hasPrefix("sha256:") == true)

        let manifests = try await externalArtifact(bed, "manifests")
        let manifestsArtifact = try #require(manifests.status?.artifact)
        let manifestsDigest = try #require(manifestsArtifact.digest)
        #expect(manifestsArtifact.revision == "latest@\(manifestsDigest)")
        #expect(manifestsArtifact.metadata?["org.opencontainers.image.revision"] == "main@sha1:\(sha)")
        #expect(manifestsArtifact.path.hasPrefix("externalartifact/default/manifests/") && manifestsArtifact.path.hasSuffix(".tar.gz"))
        #expect(manifests.spec?.sourceRef == NamespacedObjectKindReference(apiVersion: "source.extensions.fluxcd.io/v1beta1", kind: "ArtifactGenerator",
                                                                          name: "gen", namespace: "default"))
        #expect(manifests.metadata.labels?["team"] == "apps")
        #expect(manifests.metadata.labels?["source.extensions.fluxcd.io/generator"] == generator.metadata.uid)
        #expect(manifests.metadata.ownerReferences?.first?.name == "gen")
        #expect(manifests.status?.conditions?.first?.reason == "Succeeded")
        #expect(try await bed.packageFiles(digest: manifestsDigest).sorted() == ["app.yaml", "nested/", "nested/svc.yaml"])

        let chart = try await externalArtifact(bed, "chart")
        let chartArtifact = try #require(chart.status?.artifact)
        #expect(chartArtifact.revision == "main@sha1:\(sha)")
        let chartDigest = try #require(chartArtifact.digest)
        #expect(try await bed.packageFiles(digest: chartDigest).sorted() == ["podinfo/", "podinfo/Chart.yaml", "podinfo/values.yaml"])
        #expect(try await bed.packageFile(digest: chartDigest, "podinfo/values.yaml")
            == "image:\n  repository: ghcr.io/podinfo\n  tag: stable\nports:\n- 8080\nreplicas: 3\n")

        // Nothing changed: nothing rebuilt.
        #expect(await generators.reconcile(key).isReady)
        #expect(try await externalArtifact(bed, "manifests").status?.artifact == manifestsArtifact)

        // A commit changes the generated artifact.
        let second = try await fixture.commit(["deploy/app.yaml": .file("kind: Secret\n")], message: "second")
        try await fixture.push()
        #expect(await bed.controller().reconcile(repoKey).isReady)
        #expect(await generators.reconcile(key).isReady)
        let changed = try #require(try await externalArtifact(bed, "manifests").status?.artifact)
        #expect(changed.digest != manifestsDigest)
        #expect(changed.metadata?["org.opencontainers.image.revision"] == "main@sha1:\(second)")
        #expect(try await bed.packageFile(digest: try #require(changed.digest), "app.yaml") == "kind: Secret\n")

        // Hostile paths are refused, naming the generator's rule; the published artifacts stay.
        let published = try #require(try await externalArtifact(bed, "chart").status?.artifact)
        #expect(published.revision == "main@sha1:\(second)")
        for (from, to, cause) in [
            ("@repo/../../etc/**", "@artifact/", "must not contain '..'"),
            ("@repo/deploy/app.yaml", "@artifact/../../outside.yaml", "must not contain '..'"),
            ("@repo//etc/passwd", "@artifact/x", "must be a relative path"),
            ("@repo/escape/passwd", "@artifact/x", "source 'escape/passwd' does not exist"),
        ] {
            try await bed.kubectl(["apply", "-f", "-"], input: Self.generator + """
                    - from: "\(from)"
                      to: "\(to)"

                """)
            let refused = await generators.reconcile(key)
            #expect(refused.failure?.reason == "BuildFailed", "\(refused.report)")
            #expect(refused.failure?.message.contains("chart build failed: failed to apply copy operation from '\(from)' to '\(to)'") == true, "\(refused.report)")
            #expect(refused.failure?.message.contains(cause) == true, "\(refused.report)")
            #expect(try await externalArtifact(bed, "chart").status?.artifact == published)
        }

        // An artifact no longer listed is deleted; deleting the generator deletes the rest.
        try await bed.kubectl(["apply", "-f", "-"], input: Self.generator.components(separatedBy: "  - name: chart").first!)
        #expect(await generators.reconcile(key).isReady)
        #expect(try await bed.api.get(ExternalArtifact.gvk, namespace: "default", name: "chart") == nil)
        #expect(try bed.store.artifacts(kind: "ExternalArtifact", namespace: "default", name: "chart").isEmpty)
        try await bed.kubectl(["delete", "artifactgenerator", "gen", "--wait=false"])
        _ = await generators.reconcile(key)
        #expect(try await bed.api.get(ExternalArtifact.gvk, namespace: "default", name: "manifests") == nil)
        #expect(try bed.store.artifacts(kind: "ExternalArtifact", namespace: "default", name: "manifests").isEmpty)
        #expect(try await bed.api.get(ArtifactGenerator.gvk, namespace: "default", name: "gen") == nil)
    }

    @Test func aMissingSourceWaitsAndABucketIsRefused() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        try await bed.kubectl(["apply", "-f", "-"], input: Self.generator)
        let generators = generators(bed)
        let key = ObjectKey(namespace: "default", name: "gen")
        let waiting = await generators.reconcile(key)
        #expect(waiting.failure?.reason == "SourceFetchFailed", "\(waiting.report)")
        #expect(waiting.failure?.message == "get sources failed: source 'GitRepository/default/repo' not found", "\(waiting.report)")

        try await bed.kubectl(["apply", "-f", "-"], input: Self.generator.replacingOccurrences(of: "kind: GitRepository", with: "kind: Bucket"))
        let bucket = await generators.reconcile(key)
        #expect(bucket.failure?.reason == "ValidationFailed", "\(bucket.report)")
        #expect(bucket.failure?.message.contains("kind 'Bucket' is not supported by Sluice") == true, "\(bucket.report)")
    }

    func externalArtifact(_ bed: SourceTestBed, _ name: String) async throws -> ExternalArtifact {
        guard let raw = try await bed.api.get(ExternalArtifact.gvk, namespace: "default", name: name) else {
            throw LocalClusterError("ExternalArtifact default/\(name) not found")
        }
        return try raw.decode(as: ExternalArtifact.self)
    }
}
