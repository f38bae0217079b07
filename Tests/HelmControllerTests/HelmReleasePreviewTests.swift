import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import HelmController

/// The upgrade preview behind `sluice diff helmrelease`, end to end on a real cluster and store: the chart from the
/// HelmChart's artifact, the values merged, the next revision rendered and compared through a dry run, and nothing
/// written — not even the HelmChart the `chart` step would make.
@Suite(.serialized) struct HelmReleasePreviewTests {
    static let helmRelease = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: web
          namespace: default
        spec:
          interval: 10m
          chart:
            spec:
              chart: web
              sourceRef:
                kind: HelmRepository
                name: charts
          values:
            greeting: hi
        """

    @Test func thePreviewRendersTheNextRevisionAndWritesNothing() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.apply(Self.helmRelease)
        let object = try await bed.helmRelease("web")
        let reconciler = bed.reconciler()
        let storage = SecretReleaseStorage(client: bed.api, namespace: "default")

        // Without its HelmChart the preview fails, and does not make one.
        await #expect(throws: ReconcileError.self) { try await reconciler.preview(object, storage: storage, context: bed.context) }
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "default", name: "default-web") == nil)

        // The HelmChart as the controller makes it (its chart step), with the chart stored: nothing is installed, so
        // everything would be created.
        var copy = object
        _ = try? await bed.runInputSteps(&copy)
        let archive = HelmInputsTestBed.chartArchive(name: "web", version: "1.0.0", files: [
            "values.yaml": "greeting: hello\n",
            "templates/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  greeting: {{ .Values.greeting }}\n",
        ])
        try await bed.publishArtifact(kind: "HelmChart", name: "default-web", revision: "1.0.0", content: archive)
        let first = try await reconciler.preview(object, storage: storage, context: bed.context)
        #expect(first.flatMap(\.lines) == ["ConfigMap/default/web-config: missing"])
        #expect(try await bed.api.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), namespace: "default", name: "web-config") == nil)
        #expect(try await storage.history(name: "web").isEmpty)

        // Installed with other values: the preview shows the values change as drift of the field.
        let runner = HelmActionRunner(client: bed.api, storage: storage, pollInterval: .milliseconds(100), logger: bed.logger)
        let work = try await bed.runInputSteps(&copy)
        var request = HelmActionRequest(releaseName: "web", namespace: "default", chart: try #require(work.chart), values: ["greeting": "hey"])
        request.timeout = .seconds(60)
        request.postRenderer = work.postRenderer
        _ = try await runner.install(request)
        let second = try await reconciler.preview(object, storage: storage, context: bed.context)
        #expect(second.flatMap(\.lines) == ["ConfigMap/default/web-config: data.greeting hi -> hey"])
        #expect(try await storage.history(name: "web").count == 1)
    }
}
