import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension HelmChartReconciler {
    /// The `artifact` step: stores a newly built package as `helmchart/<ns>/<name>/<chart>-<version>.tgz`, or
    /// confirms the stored one.
    func reconcileArtifact(_ object: inout HelmChart, _ conditions: inout Conditions, _ context: ReconcileContext,
                           _ work: HelmChartWork) throws -> ReconcileResult
    {
        guard let build = work.build else { return .success }
        let reason = ChartBuild.reason(packaged: build.packaged)
        guard let content = build.content else {
            conditions.delete(ConditionType.artifactOutdated)
            conditions.delete(ConditionType.storageOperationFailed)
            conditions.markTrue(ConditionType.artifactInStorage, reason: reason, message: build.summary)
            return .success
        }
        let namespace = object.metadata.namespace ?? ""
        let name = object.metadata.name
        func storageFailure(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.storageOperationFailed, reason: ConditionReason.archiveOperationFailed, message: message)
            return .generic(reason: ConditionReason.archiveOperationFailed, message: message)
        }
        guard let store = context.store else { throw storageFailure("unable to copy Helm chart to storage: no store") }
        let record: ArtifactRecord
        do {
            record = try store.putArtifact(kind: HelmChart.kind, namespace: namespace, name: name, revision: build.version, content: content)
        } catch {
            throw storageFailure("unable to copy Helm chart to storage: \(error)")
        }
        let directory = "helmchart/\(namespace)/\(name)"
        let path = "\(directory)/\(build.name)-\(build.version).tgz"
        let previousDigest = object.status?.artifact?.digest
        var status = object.status ?? HelmChartStatus()
        status.artifact = Artifact(path: path, url: "\(artifactBaseURL())/\(path)", revision: build.version,
                                   digest: record.digest, lastUpdateTime: Timestamp.now(), size: record.size)
        status.url = "\(artifactBaseURL())/\(directory)/latest.tar.gz"
        status.observedChartName = build.name
        status.observedValuesFiles = (object.spec.ignoreMissingValuesFiles ?? false) ? build.valuesFiles : nil
        object.status = status
        conditions.delete(ConditionType.artifactOutdated)
        conditions.delete(ConditionType.storageOperationFailed)
        conditions.markTrue(ConditionType.artifactInStorage, reason: reason, message: build.summary)
        if previousDigest != record.digest, let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .info, reason: reason, message: build.summary,
                                  metadata: ["revision": build.version, "digest": record.digest])
        }
        return .success
    }
}
