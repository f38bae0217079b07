import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

extension HelmRepositoryReconciler {
    /// The `artifact` step: stores a newly fetched index as `helmrepository/<ns>/<name>/index-<hex>.yaml`; an
    /// unchanged one writes nothing.
    func reconcileArtifact(_ object: inout HelmRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                           _ work: HelmRepositoryWork) throws -> ReconcileResult
    {
        let namespace = object.metadata.namespace ?? ""
        let name = object.metadata.name
        guard let fetched = work.fetched else {
            if let current = object.status?.artifact {
                conditions.delete(ConditionType.artifactOutdated)
                conditions.delete(ConditionType.storageOperationFailed)
                conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                    message: "stored artifact: revision '\(current.revision)'")
            }
            return .success
        }
        func storageFailure(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.storageOperationFailed, reason: ConditionReason.archiveOperationFailed, message: message)
            return .generic(reason: ConditionReason.archiveOperationFailed, message: message)
        }
        guard let store = context.store else { throw storageFailure("unable to save artifact to storage: no store") }
        let record: ArtifactRecord
        do {
            record = try store.putArtifact(kind: HelmRepository.kind, namespace: namespace, name: name,
                                           revision: fetched.revision, content: fetched.index.artifactBytes)
        } catch {
            throw storageFailure("unable to save artifact to storage: \(error)")
        }
        let hex = fetched.revision.split(separator: ":").last.map(String.init) ?? fetched.revision
        let directory = "helmrepository/\(namespace)/\(name)"
        let path = "\(directory)/index-\(hex).yaml"
        let previousDigest = object.status?.artifact?.digest
        var status = object.status ?? HelmRepositoryStatus()
        status.artifact = Artifact(path: path, url: "\(artifactBaseURL())/\(path)", revision: fetched.revision,
                                   digest: record.digest, lastUpdateTime: Timestamp.now(), size: record.size)
        status.url = "\(artifactBaseURL())/\(directory)/index.yaml"
        object.status = status
        conditions.delete(ConditionType.artifactOutdated)
        conditions.delete(ConditionType.storageOperationFailed)
        conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                            message: "stored artifact: revision '\(fetched.revision)'")
        if previousDigest != record.digest, let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .info, reason: ConditionReason.newArtifact,
                                  message: "stored fetched index of size \(Self.humanSize(record.size)) from '\(URL(string: object.spec.url).map(ChartRepositoryClient.redacted) ?? "")'",
                                  metadata: ["revision": fetched.revision, "digest": record.digest])
        }
        return .success
    }

    /// A size as Go's `units.HumanSize` prints it: decimal units, four significant digits (`1.234kB`).
    static func humanSize(_ size: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"]
        var value = Double(size)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.4g", value) + units[unit]
    }
}
