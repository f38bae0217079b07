import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import KustomizeController
@testable import SourceController

/// A Kustomization whose source is an ExternalArtifact, as in Flux 2.7: a GitRepository's artifact recomposed by an
/// ArtifactGenerator (the real reconcilers, one reconcile at a time), then applied to a real `sluice cluster serve`.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct ExternalArtifactSourceTests {
    @Test func aKustomizationAppliesAnExternalArtifactAndFollowsIt() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let gitRevision = try await bed.publish(["apps/podinfo/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-generator\ndata:\n  k: v1\n",
                               "apps/podinfo/README.md": "not a manifest\n"])
        try await bed.kubectl(["apply", "-f", "-"], input: """
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
                originRevision: "@repo"
                copy:
                - from: "@repo/apps/podinfo/**"
                  to: "@artifact/"
                  exclude: ["*.md"]
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: podinfo
              namespace: default
            spec:
              interval: 10m
              path: ./
              prune: true
              timeout: 5s
              sourceRef:
                kind: ExternalArtifact
                name: podinfo
            """)
        let kustomizations = bed.controller(requeueDependency: .seconds(1))
        let key = ObjectKey(namespace: "default", name: "podinfo")
        let waiting = await kustomizations.reconcile(key)
        #expect(waiting.failure?.message == "Source 'ExternalArtifact/default/podinfo' not found, retrying in 1s", "\(waiting.report)")

        let generators = Controller(reconciler: ArtifactGeneratorReconciler(client: bed.api, artifactBaseURL: { "http://127.0.0.1:9090" }),
                                    api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "source-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        let generatorKey = ObjectKey(namespace: "default", name: "apps")
        #expect(await generators.reconcile(generatorKey).isReady)
        let outcome = await kustomizations.reconcile(key)
        #expect(outcome.isReady, "\(outcome.report)")
        let applied = try await bed.kustomization("podinfo")
        #expect(applied.status?.lastAppliedRevision?.hasPrefix("latest@sha256:") == true)
        // As Flux: the artifact's origin revision (`originRevision: "@repo"` set it to the Git revision) is recorded as
        // `lastAppliedOriginRevision` and in the history snapshot's metadata.
        #expect(applied.status?.lastAppliedOriginRevision == gitRevision)
        #expect(applied.status?.history?.first?.metadata?["originRevision"] == gitRevision)
        #expect(applied.status?.history?.first?.metadata?["revision"] == applied.status?.lastAppliedRevision)
        #expect(try await bed.object("v1", "ConfigMap", "from-generator")?["data", "k"] == "v1")

        try await bed.publish(["apps/podinfo/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-generator\ndata:\n  k: v2\n"])
        #expect(await generators.reconcile(generatorKey).isReady)
        #expect(await kustomizations.reconcile(key).isReady)
        #expect(try await bed.object("v1", "ConfigMap", "from-generator")?["data", "k"] == "v2")
        let second = try await bed.kustomization("podinfo")
        #expect(second.status?.lastAppliedRevision != applied.status?.lastAppliedRevision)
        #expect(second.status?.lastAppliedOriginRevision != gitRevision)
        #expect(second.status?.lastAppliedOriginRevision?.hasPrefix("main@sha1:") == true)
    }
}
