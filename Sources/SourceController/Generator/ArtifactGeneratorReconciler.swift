import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Reconciles an ArtifactGenerator, as fluxcd/source-watcher does: resolves its sources by alias, reads their
/// artifacts from the shared store, composes each of `spec.artifacts` by its copy rules, stores it and publishes it as
/// an ExternalArtifact (`spec.sourceRef` to the generator, owned by it), garbage-collects ExternalArtifacts no longer
/// listed, and deletes them all when the generator is deleted.
///
/// Nothing is rebuilt while the sources' digest, the spec and the published artifacts are unchanged (source-watcher's
/// drift detection). A failed build leaves the previous ExternalArtifacts as they were.
public struct ArtifactGeneratorReconciler: Reconciler {
    public typealias Object = ArtifactGenerator

    /// The cluster, to apply and delete ExternalArtifacts.
    public let client: KubernetesClient
    /// The largest artifact stored (compressed); sources are read, and artifacts composed, up to ten times this.
    public let artifactMaxSize: Int64
    /// `status.artifact.url` is this base plus the artifact's path.
    public let artifactBaseURL: @Sendable () -> String
    /// Whether sources in other namespaces are refused (`--no-cross-namespace-refs`).
    public let noCrossNamespaceRefs: Bool
    /// How soon to look again for a source that is missing or has no artifact yet.
    public let requeueDependency: Duration

    /// A reconciler.
    public init(client: KubernetesClient, artifactMaxSize: Int64 = 100 << 20, artifactBaseURL: @escaping @Sendable () -> String,
                noCrossNamespaceRefs: Bool = false, requeueDependency: Duration = .seconds(5))
    {
        self.client = client
        self.artifactMaxSize = artifactMaxSize
        self.artifactBaseURL = artifactBaseURL
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.requeueDependency = requeueDependency
    }

    /// source-watcher's finalizer.
    public var finalizer: String { ArtifactGenerator.finalizer }

    public func steps(for object: ArtifactGenerator) -> [ReconcileStep<ArtifactGenerator>] {
        [
            ReconcileStep("validate") { object, _, _ in try validate(object) },
            ReconcileStep("generate") { object, conditions, context in try await generate(&object, &conditions, context) },
        ]
    }

    public func readyMessage(for object: ArtifactGenerator) -> (reason: String, message: String) {
        (ConditionReason.succeeded, "reconciliation succeeded, generated \(object.status?.inventory?.count ?? 0) artifact(s)")
    }

    /// On deletion: deletes every ExternalArtifact in the inventory and its stored artifacts.
    public func finalize(_ object: ArtifactGenerator, context: ReconcileContext) async throws {
        for reference in object.status?.inventory ?? [] {
            try await deleteExternalArtifact(reference, context: context)
        }
    }

    /// The field manager of the ExternalArtifacts' server-side applies.
    static let fieldManager = "source-controller"
    /// source-watcher's reason for a spec it refuses.
    static let validationFailed = "ValidationFailed"
    /// source-watcher's reason for a cross-namespace source refused.
    static let accessDenied = "AccessDenied"
    /// source-watcher's reason for a source that cannot be read.
    static let sourceFetchFailed = "SourceFetchFailed"
}
