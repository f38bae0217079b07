import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceGit
import SluiceRuntime

/// Reconciles a GitRepository into a tar.gz artifact in the shared store, as Flux's source-controller does.
///
/// The steps, in order: check the stored artifact (`storage`), fetch and
/// resolve the reference (`source`), resolve included repositories
/// (`include`), and check out, package and store a new artifact when the
/// revision, the ignore rules or the includes changed (`artifact`). A
/// reconcile where nothing moved upstream does one fetch negotiation and
/// nothing else.
public struct GitRepositoryReconciler: Reconciler {
    public typealias Object = GitRepository

    /// Fetches and checks out.
    public let git: any GitClient
    /// The largest artifact stored, compressed (`--artifact-max-size`).
    public let artifactMaxSize: Int64
    /// `status.artifact.url` is this base plus the artifact's path.
    public let artifactBaseURL: @Sendable () -> String
    /// Where checkouts and extracted includes are written, each in its own directory removed afterwards.
    public let workDirectory: URL
    /// Whether `file://` and `git://` URLs are accepted (`--allow-local-git-urls`); otherwise only `https`, `http`
    /// and `ssh`, as Flux's CRD allows.
    public let allowLocalGitURLs: Bool

    /// A reconciler.
    public init(git: any GitClient, artifactMaxSize: Int64 = 100 << 20,
                artifactBaseURL: @escaping @Sendable () -> String, workDirectory: URL = FileManager.default.temporaryDirectory,
                allowLocalGitURLs: Bool = false)
    {
        self.git = git
        self.artifactMaxSize = artifactMaxSize
        self.artifactBaseURL = artifactBaseURL
        self.workDirectory = workDirectory
        self.allowLocalGitURLs = allowLocalGitURLs
    }

    /// Flux's negative-polarity conditions for GitRepository, most important first.
    public var summary: ReadySummary {
        ReadySummary(negativePolarity: [
            ConditionType.storageOperationFailed, ConditionType.fetchFailed,
            ConditionType.includeUnavailable, ConditionType.artifactOutdated,
        ])
    }

    public func steps(for object: GitRepository) -> [ReconcileStep<GitRepository>] {
        let work = GitRepositoryWork()
        return [
            ReconcileStep("storage") { object, conditions, context in try reconcileStorage(&object, &conditions, context) },
            ReconcileStep("source") { object, conditions, context in try await reconcileSource(&object, &conditions, context, work) },
            ReconcileStep("include") { object, conditions, context in try await reconcileInclude(&object, &conditions, context, work) },
            ReconcileStep("artifact") { object, conditions, context in try await reconcileArtifact(&object, &conditions, context, work) },
        ]
    }

    public func readyMessage(for object: GitRepository) -> (reason: String, message: String) {
        (ConditionReason.succeeded, "stored artifact for revision '\(object.status?.artifact?.revision ?? "")'")
    }
}
