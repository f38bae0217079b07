import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

/// Reconciles a HelmRelease as Flux's helm-controller does: the chart from its source, the values from the spec and
/// the cluster, then the release made to match them with Helm's actions, remediated when it fails, tested, and kept
/// free of drift.
///
/// The steps, in order: check the spec (`spec`), wait for `dependsOn` (`dependencies`), make or resolve the chart
/// source and load its artifact (`chart`), compose the values and post-renderers (`values`), then decide and run the
/// next Helm action until the release is in sync, as Flux's `AtomicRelease` does (`release`).
public struct HelmReleaseReconciler: Reconciler {
    public typealias Object = HelmRelease

    /// The field manager of every apply (Flux's).
    public static let fieldManager = "helm-controller"

    /// The cluster client: the controller's own (the object, its chart source, `valuesFrom`), or, in the reconciler
    /// ``releasing(_:)`` returns for the `release` step and finalization, the release's (Helm's storage and actions).
    public internal(set) var client: KubernetesClient
    /// How long to wait before checking a dependency or a missing artifact again (`--requeue-dependency`).
    public let requeueDependency: Duration
    /// Whether references may not leave the HelmRelease's namespace (`--no-cross-namespace-refs`).
    public let noCrossNamespaceRefs: Bool
    /// The largest chart artifact read from the store.
    public let artifactMaxSize: Int64
    /// How often waits poll.
    public let pollInterval: Duration
    /// Where drift counts go, if anywhere.
    public let metrics: ControllerMetrics?
    /// The release storage of a storage namespace (Helm's Secrets driver; tests may substitute another).
    public internal(set) var storage: @Sendable (_ namespace: String) -> any ReleaseStorage
    /// As whom and where releases are made (`spec.serviceAccountName`, `--default-service-account`, `spec.kubeConfig`).
    public let impersonator: Impersonator
    /// Whether ``storage`` is Helm's Secrets driver over ``client`` (and so follows the release's client), rather than
    /// a substitute given to the initializer.
    let storageFollowsClient: Bool

    /// A reconciler.
    public init(client: KubernetesClient, requeueDependency: Duration = .seconds(30), noCrossNamespaceRefs: Bool = false,
                artifactMaxSize: Int64 = 100 << 20, pollInterval: Duration = .seconds(1), metrics: ControllerMetrics? = nil,
                storage: (@Sendable (_ namespace: String) -> any ReleaseStorage)? = nil, impersonator: Impersonator? = nil)
    {
        self.client = client
        self.requeueDependency = requeueDependency
        self.noCrossNamespaceRefs = noCrossNamespaceRefs
        self.artifactMaxSize = artifactMaxSize
        self.pollInterval = pollInterval
        self.metrics = metrics
        self.storage = storage ?? { namespace in SecretReleaseStorage(client: client, namespace: namespace) }
        storageFollowsClient = storage == nil
        self.impersonator = impersonator ?? Impersonator(client: client)
    }

    public func steps(for object: HelmRelease) -> [ReconcileStep<HelmRelease>] {
        let work = HelmReleaseWork()
        return [
            ReconcileStep("spec") { object, conditions, context in try reconcileSpec(&object, &conditions, context) },
            ReconcileStep("dependencies") { object, conditions, context in try await reconcileDependencies(&object, &conditions, context) },
            ReconcileStep("chart") { object, conditions, context in try await reconcileChart(&object, &conditions, context, work) },
            ReconcileStep("values") { object, conditions, context in try await reconcileValues(&object, &conditions, context, work) },
            ReconcileStep("release") { object, conditions, context in try await reconcileRelease(&object, &conditions, context, work) },
        ]
    }

    /// `Ready` as the release step summarised it (Flux mirrors `Released`, `TestSuccess` or `Remediated`, such as
    /// `Helm install succeeded for release default/podinfo.v1 with chart podinfo@6.5.4`).
    public func readyMessage(for object: HelmRelease) -> (reason: String, message: String) {
        if let ready = object.conditions.first(where: { $0.type == ConditionType.ready }), ready.status == .true {
            return (ready.reason, ready.message)
        }
        return (ConditionReason.reconciliationSucceeded, "Helm release reconciled")
    }

    /// No fixed delay: a failed reconcile backs off exponentially, as Flux's helm-controller returns its errors to
    /// controller-runtime (the `RetryOnFailure` strategy waits its own interval instead).
    public func retryInterval(for object: HelmRelease) -> Duration? { nil }
}
