import SluiceCore

/// Composes new artifacts from the artifacts of other sources, each published as an ``ExternalArtifact``
/// (`source.extensions.fluxcd.io/v1beta1`, fluxcd/source-watcher; Sluice reconciles it in its source-controller).
public struct ArtifactGenerator: Reconcilable, CustomResource {
    /// `source.extensions.fluxcd.io`.
    public static let group = "source.extensions.fluxcd.io"
    /// `v1beta1`.
    public static let version = "v1beta1"
    /// `ArtifactGenerator`.
    public static let kind = "ArtifactGenerator"
    /// `artifactgenerators`.
    public static let plural = "artifactgenerators"
    /// `ag`, as Flux.
    public static var shortNames: [String] { ["ag"] }
    /// The columns Flux prints for `ArtifactGenerator`.
    public static var printerColumns: [PrinterColumn] { [.age, .ready, .status] }

    /// The finalizer source-watcher guards its ExternalArtifacts with.
    public static let finalizer = "source.extensions.fluxcd.io/finalizer"
    /// The label on each generated ExternalArtifact holding the generator's UID.
    public static let generatorLabel = "source.extensions.fluxcd.io/generator"
    /// The annotation that, set to `disabled`, pauses reconciliation (the generator has no `spec.suspend`).
    public static let reconcileAnnotation = "source.extensions.fluxcd.io/reconcile"
    /// The artifact metadata key `originRevision` sets.
    public static let originRevisionAnnotation = "org.opencontainers.image.revision"
    /// How often a generator is reconciled without a change of its sources (source-watcher's `GetRequeueAfter`).
    public static let requeueInterval = GoDuration.minutes(60)

    /// `apiVersion`: `source.extensions.fluxcd.io/v1beta1`.
    public var apiVersion: String
    /// `kind`: `ArtifactGenerator`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ArtifactGeneratorSpec
    /// The observed state, written by the controller.
    public var status: ArtifactGeneratorStatus?

    /// An `ArtifactGenerator` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: ArtifactGeneratorSpec, status: ArtifactGeneratorStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension ArtifactGenerator {
    /// One hour: the generator has no `spec.interval`; its sources' changes queue it at once.
    public var interval: GoDuration { Self.requeueInterval }
    /// Whether the annotation `source.extensions.fluxcd.io/reconcile` is `disabled` (any case), as source-watcher's `IsDisabled`.
    public var isSuspended: Bool { metadata.annotations?[Self.reconcileAnnotation]?.lowercased() == "disabled" }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? ArtifactGeneratorStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// Not part of source-watcher's status: always `nil`, and setting it does nothing.
    public var observedGeneration: Int64? {
        get { nil }
        set {}
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? ArtifactGeneratorStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension ArtifactGenerator: SchemaDescribed {
    /// The root schema of the `ArtifactGenerator` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject("ArtifactGenerator is the Schema for the artifactgenerators API.",
                          spec: .ref(ArtifactGeneratorSpec.self), status: .ref(ArtifactGeneratorStatus.self))
    }
}
