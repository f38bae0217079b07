import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// A HelmRelease whose `chartRef` is an ExternalArtifact (Flux 2.7): the chart artifact published as an
/// ArtifactGenerator publishes it (content in the store, `status.artifact` with a `latest@sha256:…` revision), installed
/// through the real reconciler into a real cluster.
@Suite(.serialized) struct HelmReleaseExternalArtifactTests {
    static let externalArtifact = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: ExternalArtifact
        metadata:
          name: demo-chart
          namespace: default
        spec:
          sourceRef:
            apiVersion: source.extensions.fluxcd.io/v1beta1
            kind: ArtifactGenerator
            name: charts
            namespace: default
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: demo
          namespace: default
        spec:
          interval: 10m
          chartRef:
            kind: ExternalArtifact
            name: demo-chart
          values:
            greeting: from-external-artifact
        """

    @Test func installsTheChartOfAnExternalArtifact() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.apply(Self.externalArtifact)
        let controller = Controller(reconciler: bed.reconciler(), api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        let key = ObjectKey(namespace: "default", name: "demo")

        let waiting = await controller.reconcile(key)
        #expect(waiting.failure?.message == "ExternalArtifact 'default/demo-chart' is not ready: does not have an artifact", "\(waiting.report)")

        let chart = HelmInputsTestBed.chartArchive(name: "demo", version: "1.0.0", files: [
            "templates/configmap.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  greeting: {{ .Values.greeting | quote }}\n",
        ])
        let digest = ArtifactRecord.digest(of: Data(chart))
        try await bed.publishArtifact(kind: "ExternalArtifact", name: "demo-chart", revision: "latest@\(digest)", content: chart)
        let outcome = await controller.reconcile(key)
        #expect(outcome.isReady, "\(outcome.report)")
        let object = try await bed.helmRelease("demo")
        let version = "1.0.0+\(digest.dropFirst("sha256:".count).prefix(12))"
        #expect(object.conditions.first { $0.type == "Ready" }?.message == "Helm install succeeded for release default/demo.v1 with chart demo@\(version)")
        #expect(object.status?.lastAttemptedRevision == version)
        let greeting = try await bed.cluster.kubectl(["get", "configmap", "demo-settings", "-o", "jsonpath={.data.greeting}"])
        #expect(greeting == "from-external-artifact")
    }
}
