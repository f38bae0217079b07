import Foundation
import Logging
import SluiceKube
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore

/// Reconciles a HelmRepository, as Flux's source-controller does.
///
/// `type: default`: fetches `<url>/index.yaml`, loads and validates it, and stores it as the artifact (JSON, as
/// Flux) with the revision `sha256:<digest of the fetched bytes>`; an index with an unchanged digest writes
/// nothing. `type: oci`: there is no index; the URL and the credentials Secret are checked and the object is Ready
/// (HelmCharts pull from the registry directly).
public struct HelmRepositoryReconciler: Reconciler {
    public typealias Object = HelmRepository

    /// The largest index read, decompressed (`--helm-index-max-size`, Flux's default 50 MiB).
    public let indexMaxSize: Int
    /// `status.artifact.url` is this base plus the artifact's path.
    public let artifactBaseURL: @Sendable () -> String

    /// A reconciler.
    public init(indexMaxSize: Int = 50 << 20, artifactBaseURL: @escaping @Sendable () -> String) {
        self.indexMaxSize = indexMaxSize
        self.artifactBaseURL = artifactBaseURL
    }

    /// Flux's negative-polarity conditions for HelmRepository, most important first.
    public var summary: ReadySummary {
        ReadySummary(negativePolarity: [ConditionType.storageOperationFailed, ConditionType.fetchFailed, ConditionType.artifactOutdated])
    }

    public func steps(for object: HelmRepository) -> [ReconcileStep<HelmRepository>] {
        if object.spec.type == Self.typeOCI {
            return [ReconcileStep("oci") { object, conditions, context in try await reconcileOCI(&object, &conditions, context) }]
        }
        let work = HelmRepositoryWork()
        return [
            ReconcileStep("storage") { object, conditions, context in
                let current = object
                let kept = try StoredArtifact.verify(
                    current.status?.artifact, kind: HelmRepository.kind, namespace: current.metadata.namespace ?? "", name: current.metadata.name,
                    object: try? KubeObject(encoding: current), conditions: &conditions, context: context,
                    inStorage: { (ConditionReason.succeeded, "stored artifact: revision '\($0.revision)'") })
                object.status?.artifact = kept
                return .success
            },
            ReconcileStep("source") { object, conditions, context in try await reconcileSource(&object, &conditions, context, work) },
            ReconcileStep("artifact") { object, conditions, context in try reconcileArtifact(&object, &conditions, context, work) },
        ]
    }

    public func readyMessage(for object: HelmRepository) -> (reason: String, message: String) {
        if object.spec.type == Self.typeOCI { return (ConditionReason.succeeded, "Helm repository is ready") }
        return (ConditionReason.succeeded, "stored artifact: revision '\(object.status?.artifact?.revision ?? "")'")
    }

    /// On deletion: removes the object's artifacts from the store.
    public func finalize(_ object: HelmRepository, context: ReconcileContext) async throws {
        let removed = try context.store?.deleteArtifacts(kind: HelmRepository.kind, namespace: object.metadata.namespace ?? "",
                                                         name: object.metadata.name) ?? 0
        context.logger.info("removed artifacts", metadata: ["count": "\(removed)"])
    }

    /// `spec.type` of a registry.
    static let typeOCI = "oci"
}
