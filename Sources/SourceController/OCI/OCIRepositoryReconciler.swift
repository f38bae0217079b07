import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceOCI
import SluiceRuntime
import SluiceStore

/// Reconciles an OCIRepository into an artifact in the shared store, as Flux's source-controller does.
///
/// The steps, in order: check the stored artifact (`storage`); validate the URL, read the credentials and resolve
/// the reference to a digest (`source`: digest > semver > tag > `latest`, revision `TAG@sha256:…` or `sha256:…`);
/// pull the manifest and the selected layer and store it, extracted and re-packaged or copied as is (`artifact`),
/// skipped when the revision, the ignore rules and the layer selector are unchanged.
public struct OCIRepositoryReconciler: Reconciler {
    public typealias Object = OCIRepository

    /// The largest artifact stored, and the largest layer downloaded (`--artifact-max-size`).
    public let artifactMaxSize: Int64
    /// `status.artifact.url` is this base plus the artifact's path.
    public let artifactBaseURL: @Sendable () -> String
    /// Where layers are extracted, each in its own directory removed afterwards.
    public let workDirectory: URL

    /// A reconciler.
    public init(artifactMaxSize: Int64 = 100 << 20, artifactBaseURL: @escaping @Sendable () -> String,
                workDirectory: URL = FileManager.default.temporaryDirectory)
    {
        self.artifactMaxSize = artifactMaxSize
        self.artifactBaseURL = artifactBaseURL
        self.workDirectory = workDirectory
    }

    /// Flux's negative-polarity conditions for OCIRepository, most important first.
    public var summary: ReadySummary {
        ReadySummary(negativePolarity: [ConditionType.storageOperationFailed, ConditionType.fetchFailed, ConditionType.artifactOutdated])
    }

    public func steps(for object: OCIRepository) -> [ReconcileStep<OCIRepository>] {
        let work = OCIRepositoryWork()
        return [
            ReconcileStep("storage") { object, conditions, context in try reconcileStorage(&object, &conditions, context) },
            ReconcileStep("source") { object, conditions, context in try await reconcileSource(&object, &conditions, context, work) },
            ReconcileStep("artifact") { object, conditions, context in try await reconcileArtifact(&object, &conditions, context, work) },
        ]
    }

    public func readyMessage(for object: OCIRepository) -> (reason: String, message: String) {
        (ConditionReason.succeeded, "stored artifact for digest '\(object.status?.artifact?.revision ?? "")'")
    }

    /// On deletion: removes the object's artifacts from the store.
    public func finalize(_ object: OCIRepository, context: ReconcileContext) async throws {
        let removed = try context.store?.deleteArtifacts(kind: OCIRepository.kind, namespace: object.metadata.namespace ?? "",
                                                         name: object.metadata.name) ?? 0
        context.logger.info("removed artifacts", metadata: ["count": "\(removed)"])
    }

    /// Flux's reason for a failed pull (`OCIArtifactPullFailed`).
    static let pullFailed = "OCIArtifactPullFailed"
    /// Flux's reason for a layer that cannot be selected, extracted or copied (`OCIArtifactLayerOperationFailed`).
    static let layerOperationFailed = "OCIArtifactLayerOperationFailed"
}
