import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Reconciles a Kustomization as Flux's kustomize-controller does: the cluster is made to match a path in a source artifact, and kept matching.
///
/// The steps, in order: wait for `dependsOn` (`dependencies`), extract the
/// source's artifact (`fetch`), generate Flux's overlay and build it with the
/// kustomize engine, decrypting SOPS-encrypted files and objects (`build`), substitute post-build variables
/// (`substitute`), server-side apply in stages, correcting drift (`apply`),
/// delete what left the inventory (`prune`), and wait for health (`health`).
///
/// The reconciler holds the ``KubernetesClient`` itself rather than the
/// runtime's small `KubernetesAPI`: applying, dry-running, deleting and REST
/// mapping are this controller's business alone, and a second protocol
/// mirroring the client would add a layer with a single implementation.
public struct KustomizationReconciler: Reconciler {
    public typealias Object = Kustomization

    /// The field manager of every apply (Flux's).
    public static let fieldManager = "kustomize-controller"
    /// The label naming the owning Kustomization.
    public static let nameLabel = "kustomize.toolkit.fluxcd.io/name"
    /// The label naming the owning Kustomization's namespace.
    public static let namespaceLabel = "kustomize.toolkit.fluxcd.io/namespace"
    /// The annotation that lets a build with no objects prune everything.
    public static let allowEmptyAnnotation = "kustomize.toolkit.fluxcd.io/allow-empty"

    /// The controller's own client: the object, its sources and `substituteFrom`, REST mapping; the apply, prune and
    /// health checks go through ``impersonator``'s client instead.
    public let client: KubernetesClient
    /// How long to wait before checking a dependency or a missing artifact again (`--requeue-dependency`).
    public let requeueDependency: Duration
    /// Whether sourceRefs and dependsOn may not leave the Kustomization's namespace (`--no-cross-namespace-refs`).
    public let noCrossNamespaceRefs: Bool
    /// Whether an unset variable is an error (`StrictPostBuildSubstitutions`).
    public let strictSubstitutions: Bool
    /// The largest extracted artifact.
    public let artifactMaxSize: Int64
    /// Where artifacts are extracted, each into its own directory removed afterwards.
    public let workDirectory: URL
    /// How often health checks poll.
    public let pollInterval: Duration
    /// Where drift counts go, if anywhere.
    public let metrics: ControllerMetrics?
    /// As whom and where the apply writes (`spec.serviceAccountName`, `--default-service-account`, `spec.kubeConfig`).
    public let impersonator: Impersonator
    /// Where and how much remote bases and resources are fetched; nil refuses them (`--no-remote-bases`).
    public let remoteBases: RemoteBaseLoader.Settings?
    /// The controller-wide SOPS keys (`--sops-age-secret`, `SOPS_AGE_KEY`, `SOPS_AGE_KEY_FILE`).
    public let decryptionSettings: DecryptionSettings

    /// A reconciler.
    public init(client: KubernetesClient, requeueDependency: Duration = .seconds(30), noCrossNamespaceRefs: Bool = false,
                strictSubstitutions: Bool = false, artifactMaxSize: Int64 = 1 << 30,
                workDirectory: URL = FileManager.default.temporaryDirectory, pollInterval: Duration = .seconds(1),
                metrics: ControllerMetrics? = nil, impersonator: Impersonator? = nil, remoteBases: RemoteBaseLoader.Settings? = nil,
                decryption: DecryptionSettings = DecryptionSettings())
    {
        self.decryptionSettings = decryption
        self.remoteBases = remoteBases
        self.client = client
        self.impersonator = impersonator ?? Impersonator(client: client)
        self.requeueDependency = requeueDependency
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.strictSubstitutions = strictSubstitutions
        self.artifactMaxSize = artifactMaxSize
        self.workDirectory = workDirectory
        self.pollInterval = pollInterval
        self.metrics = metrics
    }

    public func steps(for object: Kustomization) -> [ReconcileStep<Kustomization>] {
        let work = KustomizationWork()
        /// A step whose failure message never carries a secret value the reconcile has seen.
        func step(_ name: String, _ run: @escaping @Sendable (inout Kustomization, inout Conditions, ReconcileContext) async throws -> ReconcileResult)
            -> ReconcileStep<Kustomization>
        {
            ReconcileStep(name) { object, conditions, context in
                do { return try await run(&object, &conditions, context) } catch { throw work.redactor.redacting(error) }
            }
        }
        return [
            step("spec") { object, conditions, context in try reconcileSpec(&object, &conditions, context) },
            step("dependencies") { object, conditions, context in try await reconcileDependencies(&object, &conditions, context) },
            step("fetch") { object, conditions, context in try await reconcileFetch(&object, &conditions, context, work) },
            step("build") { object, conditions, context in try await reconcileBuild(&object, &conditions, context, work) },
            step("substitute") { object, conditions, context in try await reconcileSubstitute(&object, &conditions, context, work) },
            step("apply") { object, conditions, context in try await reconcileApply(&object, &conditions, context, work) },
            step("prune") { object, conditions, context in try await reconcilePrune(&object, &conditions, context, work) },
            step("health") { object, conditions, context in try await reconcileHealth(&object, &conditions, context, work) },
        ]
    }

    /// Flux's `GetRetryInterval`: `spec.retryInterval`, else `spec.interval`.
    public func retryInterval(for object: Kustomization) -> Duration? {
        (object.spec.retryInterval ?? object.spec.interval).duration
    }

    public func readyMessage(for object: Kustomization) -> (reason: String, message: String) {
        (ConditionReason.reconciliationSucceeded, "Applied revision: \(object.status?.lastAppliedRevision ?? "")")
    }

    /// Flux's failure events carry the revision the reconcile attempted, so a commit status marks that commit failed.
    public func failureEventMetadata(for object: Kustomization) -> [String: String] {
        object.status?.lastAttemptedRevision.map { ["revision": $0] } ?? [:]
    }

    /// Flux's `Reconciliation finished in …` event: the applied revision and origin revision, and `commit_status:
    /// update`, which sends it to the commit-status providers (and keeps it from the chat ones).
    public func finishedEventMetadata(for object: Kustomization) -> [String: String]? {
        var metadata = ["commit_status": "update"]
        if let revision = object.status?.lastAppliedRevision, !revision.isEmpty { metadata["revision"] = revision }
        if let origin = object.status?.lastAppliedOriginRevision, !origin.isEmpty { metadata["originRevision"] = origin }
        return metadata
    }

    /// The labels every applied object carries.
    static func ownerLabels(_ object: Kustomization) -> [String: String] {
        [nameLabel: object.metadata.name, namespaceLabel: object.metadata.namespace ?? ""]
    }

    /// How long apply, health checks and deletions may wait, as Flux's `GetTimeout`: `spec.timeout`, else 30s less
    /// than `spec.interval`; never less than 30s.
    static func timeout(_ object: Kustomization) -> Duration {
        let floor = Duration.seconds(30)
        let timeout = object.spec.timeout?.duration ?? (object.spec.interval.duration - floor)
        return max(timeout, floor)
    }
}
