import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// The `chart` step against a real cluster and store: the HelmChart made from `spec.chart`, `chartRef` sources, and
/// the artifact read, checked and loaded.
@Suite(.serialized) struct HelmReleaseChartStepTests {
    static let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

    static func helmRelease(chart: String) -> String {
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: default
        spec:
          interval: 10m
        \(chart)
        """
    }

    static func template(namespace: String) -> String {
        """
          chart:
            metadata:
              labels:
                team: a
              annotations:
                note: kept
            spec:
              chart: podinfo
              version: 6.x
              sourceRef:
                kind: HelmRepository
                name: podinfo
                namespace: \(namespace)
              valuesFiles: [values.yaml, values-prod.yaml]
        """
    }

    @Test func templateMakesTheHelmChartAndFollowsItsArtifact() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.cluster.kubectl(["create", "namespace", "sources"])
        try await bed.apply(Self.helmRelease(chart: Self.template(namespace: "sources")))
        var release = try await bed.helmRelease("podinfo")

        // The HelmChart is made at once; it has no artifact yet.
        var error = try await bed.inputStepsError(&release)
        #expect(error == .waiting(reason: "SourceNotReady",
                                  message: "HelmChart 'sources/default-podinfo' is not ready: latest generation of object has not been reconciled",
                                  retryAfter: .seconds(5)))
        #expect(release.status?.helmChart == "sources/default-podinfo")
        let made = try #require(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "sources", name: "default-podinfo"))
        #expect(made["spec"] == [
            "chart": "podinfo", "version": "6.x", "sourceRef": ["kind": "HelmRepository", "name": "podinfo"], "interval": "10m0s",
            "reconcileStrategy": "ChartVersion", "valuesFiles": ["values.yaml", "values-prod.yaml"],
        ])
        #expect(made.labels == ["team": "a", "helm.toolkit.fluxcd.io/name": "podinfo", "helm.toolkit.fluxcd.io/namespace": "default"])
        #expect(made.annotations == ["note": "kept"])
        #expect(made["metadata", "managedFields"]?.arrayValue?.contains { $0["manager"] == "helm-controller" && $0["operation"] == "Apply" } == true)

        // Once source-controller has stored the chart, the step loads it.
        let archive = HelmInputsTestBed.chartArchive(name: "podinfo", version: "6.5.0", files: ["values.yaml": "replicas: 1\n"])
        let record = try await bed.publishArtifact(kind: "HelmChart", namespace: "sources", name: "default-podinfo", revision: "6.5.0", content: archive)
        var work = try await bed.runInputSteps(&release)
        #expect(work.chart?.metadata.name == "podinfo")
        #expect(work.chart?.metadata.version == "6.5.0")
        #expect(work.chart?.values == ["replicas": .double(1)])
        #expect(work.chartRevision == "6.5.0")
        #expect(work.chartDigest == record.digest)
        #expect(work.chartRevisionDigest == nil)
        _ = try await bed.runInputSteps(&release)
        let chartEvents = try bed.store.events(limit: 100, involvedKind: "HelmRelease", namespace: "default", name: "podinfo")
        #expect(chartEvents.map(\.reason) == ["HelmChartCreated"], "an unchanged HelmChart is not applied again")
        #expect(chartEvents.first?.message == "Created HelmChart/sources/default-podinfo with SourceRef 'HelmRepository/sources/podinfo'")

        // The template moves to another namespace: the old HelmChart goes, a new one is made.
        try await bed.apply(Self.helmRelease(chart: Self.template(namespace: "default")))
        var moved = try await bed.helmRelease("podinfo")
        moved.status = release.status
        error = try await bed.inputStepsError(&moved)
        #expect(error.reason == "SourceNotReady")
        #expect(moved.status?.helmChart == "default/default-podinfo")
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "sources", name: "default-podinfo") == nil)
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "default", name: "default-podinfo") != nil)

        // chartRef replaces the template: its HelmChart goes too, and the referenced one is read.
        try await bed.apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmChart
            metadata:
              name: shared
              namespace: default
            spec:
              chart: podinfo
              interval: 5m
              sourceRef:
                kind: HelmRepository
                name: podinfo
            """)
        try await bed.publishArtifact(kind: "HelmChart", name: "shared", revision: "6.6.0",
                                      content: HelmInputsTestBed.chartArchive(name: "podinfo", version: "6.6.0"))
        try await bed.apply(Self.helmRelease(chart: """
              chartRef:
                kind: HelmChart
                name: shared
            """))
        var referenced = try await bed.helmRelease("podinfo")
        referenced.status = moved.status
        work = try await bed.runInputSteps(&referenced)
        #expect(work.chart?.metadata.version == "6.6.0")
        #expect(referenced.status?.helmChart == nil)
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "default", name: "default-podinfo") == nil)
        #expect(try bed.store.events(limit: 100, involvedKind: "HelmRelease", namespace: "default", name: "podinfo").map(\.reason)
            == ["HelmChartCreated", "HelmChartDeleted", "HelmChartCreated", "HelmChartDeleted"])

        // The finalizer's deletion: by the status, or by the template's name and this HelmRelease's labels.
        try await bed.apply(Self.helmRelease(chart: Self.template(namespace: "default")))
        var again = try await bed.helmRelease("podinfo")
        _ = try? await bed.runInputSteps(&again)
        #expect(again.status?.helmChart == "default/default-podinfo")
        again.status = nil
        try await bed.reconciler().deleteHelmChart(for: again, context: bed.context)
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "default", name: "default-podinfo") == nil)
        try await bed.reconciler().deleteHelmChart(for: again, context: bed.context)
    }

    @Test func ociRepositoryChartCarriesItsDigestAndBadArtifactsAreNamed() async throws {
        let bed = try await HelmInputsTestBed.start()
        defer { bed.stop() }
        try await bed.apply("""
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: podinfo
              namespace: default
            spec:
              interval: 5m
              url: oci://ghcr.io/stefanprodan/charts/podinfo
              ref:
                tag: 6.5.0
            """)
        try await bed.apply(Self.helmRelease(chart: """
              chartRef:
                kind: OCIRepository
                name: podinfo
            """))
        var release = try await bed.helmRelease("podinfo")
        #expect(try await bed.inputStepsError(&release).reason == "SourceNotReady")

        let archive = HelmInputsTestBed.chartArchive(name: "podinfo", version: "6.5.0")
        let record = try await bed.publishArtifact(kind: "OCIRepository", name: "podinfo", revision: "6.5.0@\(Self.digest)", content: archive)
        let work = try await bed.runInputSteps(&release)
        #expect(work.chart?.metadata.version == "6.5.0+0123456789ab")
        #expect(work.chartRevision == "6.5.0@\(Self.digest)")
        #expect(work.chartRevisionDigest == Self.digest)
        #expect(work.chartDigest == record.digest)

        // Larger than --artifact-max-size.
        var error = try await bed.inputStepsError(&release, reconciler: bed.reconciler(artifactMaxSize: 64))
        #expect(error.reason == "ArtifactFailed")
        #expect(error.message == "Could not load chart: artifact of \(record.size) bytes is larger than the limit of 64 bytes (--artifact-max-size)")

        // A tag that names another version than the chart's.
        try await bed.publishArtifact(kind: "OCIRepository", name: "podinfo", revision: "6.4.0@\(Self.digest)", content: archive)
        error = try await bed.inputStepsError(&release)
        #expect(error == .generic(reason: "ChartMutateError", message: "artifact revision 6.4.0 does not match chart version 6.5.0"))

        // An artifact whose content is not in the store: waiting for source-controller.
        try await bed.publishArtifact(kind: "OCIRepository", name: "podinfo", revision: "6.5.0@\(Self.digest)", content: archive,
                                      digest: "sha256:" + String(repeating: "0", count: 64))
        error = try await bed.inputStepsError(&release)
        #expect(error == .waiting(reason: "ArtifactFailed", message: "Source not ready: artifact not found. Retrying in 5s", retryAfter: .seconds(5)))

        // Content that is not a chart.
        try await bed.publishArtifact(kind: "OCIRepository", name: "podinfo", revision: "6.5.0@\(Self.digest)", content: Array("not a chart".utf8))
        error = try await bed.inputStepsError(&release)
        #expect(error.reason == "ArtifactFailed")
        #expect(error.message.hasPrefix("Could not load chart: "))

        // A source that does not exist.
        try await bed.apply(Self.helmRelease(chart: """
              chartRef:
                kind: OCIRepository
                name: absent
            """))
        var absent = try await bed.helmRelease("podinfo")
        error = try await bed.inputStepsError(&absent)
        #expect(error == .waiting(reason: "ArtifactFailed",
                                  message: "could not get Source object: ocirepositories.source.toolkit.fluxcd.io \"absent\" not found, retrying in 5s",
                                  retryAfter: .seconds(5)))

        // --no-cross-namespace-refs: a chartRef or a template out of the namespace stalls.
        try await bed.apply(Self.helmRelease(chart: """
              chartRef:
                kind: OCIRepository
                name: podinfo
                namespace: flux-system
            """))
        var crossing = try await bed.helmRelease("podinfo")
        error = try await bed.inputStepsError(&crossing, reconciler: bed.reconciler(noCrossNamespaceRefs: true))
        #expect(error == .stalling(reason: "AccessDenied",
                                   message: "cross-namespace references are not allowed: cannot access OCIRepository flux-system/podinfo"))
        try await bed.apply(Self.helmRelease(chart: Self.template(namespace: "flux-system")))
        crossing = try await bed.helmRelease("podinfo")
        error = try await bed.inputStepsError(&crossing, reconciler: bed.reconciler(noCrossNamespaceRefs: true))
        #expect(error == .stalling(reason: "AccessDenied",
                                   message: "cross-namespace references are not allowed: cannot access HelmChart flux-system/default-podinfo"))
        #expect(try await bed.api.get(SluiceAPI.HelmChart.gvk, namespace: "flux-system", name: "default-podinfo") == nil)
    }
}
