import Foundation
import Logging
import SluiceKube
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

/// Reconciles a HelmChart into a chart package artifact, as Flux's source-controller does.
///
/// The steps: check the stored artifact (`storage`); resolve the source and build the chart (`source`): from a
/// HelmRepository, the version `spec.version` selects in the stored index, downloaded (or kept when the stored
/// artifact already is that version); and store a new package (`artifact`) as `<chart>-<version>.tgz`, revision
/// the version.
public struct HelmChartReconciler: Reconciler {
    public typealias Object = HelmChart

    /// The largest chart package downloaded (`--helm-chart-max-size`, Flux's default 10 MiB).
    public let chartMaxSize: Int
    /// `status.artifact.url` is this base plus the artifact's path.
    public let artifactBaseURL: @Sendable () -> String
    /// When a source has no artifact yet, how long until the chart looks again.
    public let sourceRetryInterval: Duration

    /// A reconciler.
    public init(chartMaxSize: Int = 10 << 20, artifactBaseURL: @escaping @Sendable () -> String, sourceRetryInterval: Duration = .seconds(10)) {
        self.chartMaxSize = chartMaxSize
        self.artifactBaseURL = artifactBaseURL
        self.sourceRetryInterval = sourceRetryInterval
    }

    /// Flux's negative-polarity conditions for HelmChart, most important first.
    public var summary: ReadySummary {
        ReadySummary(negativePolarity: [
            ConditionType.storageOperationFailed, ConditionType.fetchFailed, ConditionType.buildFailed, ConditionType.artifactOutdated,
        ])
    }

    public func steps(for object: HelmChart) -> [ReconcileStep<HelmChart>] {
        let work = HelmChartWork()
        return [
            ReconcileStep("storage") { object, conditions, context in
                // Flux's message for a stored chart is the build summary, not the revision.
                let current = object
                let kept = try StoredArtifact.verify(
                    current.status?.artifact, kind: HelmChart.kind, namespace: current.metadata.namespace ?? "", name: current.metadata.name,
                    object: try? KubeObject(encoding: current), conditions: &conditions, context: context,
                    inStorage: { (ChartBuild.reason(packaged: isPackaged(current)), storedSummary(current, version: $0.revision)) })
                object.status?.artifact = kept
                return .success
            },
            ReconcileStep("source") { object, conditions, context in try await reconcileSource(&object, &conditions, context, work) },
            ReconcileStep("artifact") { object, conditions, context in try reconcileArtifact(&object, &conditions, context, work) },
        ]
    }

    /// Ready takes `ArtifactInStorage`'s reason and message, as Flux's summary does: the build summary.
    public func readyMessage(for object: HelmChart) -> (reason: String, message: String) {
        (ChartBuild.reason(packaged: isPackaged(object)), storedSummary(object, version: object.status?.artifact?.revision ?? ""))
    }

    /// On deletion: removes the object's artifacts from the store.
    public func finalize(_ object: HelmChart, context: ReconcileContext) async throws {
        let removed = try context.store?.deleteArtifacts(kind: HelmChart.kind, namespace: object.metadata.namespace ?? "",
                                                         name: object.metadata.name) ?? 0
        context.logger.info("removed artifacts", metadata: ["count": "\(removed)"])
    }

    /// Whether the stored package was built here rather than pulled: a chart from a Git source, or with values files.
    func isPackaged(_ object: HelmChart) -> Bool {
        object.spec.sourceRef.kind != HelmRepository.kind || !Self.valuesFiles(object.spec).isEmpty
    }

    /// The summary of the stored artifact.
    func storedSummary(_ object: HelmChart, version: String) -> String {
        ChartBuild.summary(name: object.status?.observedChartName ?? object.spec.chart, version: version, packaged: isPackaged(object),
                           valuesFiles: object.status?.observedValuesFiles ?? Self.valuesFiles(object.spec))
    }

    /// `spec.valuesFiles`, after the deprecated `spec.valuesFile` (Flux's `GetValuesFiles`).
    static func valuesFiles(_ spec: HelmChartSpec) -> [String] {
        var files: [String] = []
        if let single = spec.valuesFile, !single.isEmpty { files.append(single) }
        return files + (spec.valuesFiles ?? [])
    }
}
