import SluiceCore

/// A Helm chart repository (an HTTP index or an OCI registry) that source-controller indexes (`source.toolkit.fluxcd.io/v1`).
public struct HelmRepository: Reconcilable, CustomResource {
    /// `source.toolkit.fluxcd.io`.
    public static let group = "source.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `HelmRepository`.
    public static let kind = "HelmRepository"
    /// `helmrepositories`.
    public static let plural = "helmrepositories"
    /// `helmrepo`, as Flux.
    public static var shortNames: [String] { ["helmrepo"] }
    /// The columns Flux prints for `HelmRepository`.
    public static var printerColumns: [PrinterColumn] { [.string("URL", ".spec.url"), .age, .ready, .status] }

    /// `apiVersion`: `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `HelmRepository`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: HelmRepositorySpec
    /// The observed state, written by the controller.
    public var status: HelmRepositoryStatus?

    /// A `HelmRepository` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: HelmRepositorySpec, status: HelmRepositoryStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension HelmRepository {
    /// `spec.interval` (Flux's default when unset).
    public var interval: GoDuration { spec.interval ?? .minutes(1) }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? HelmRepositoryStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? HelmRepositoryStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? HelmRepositoryStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension HelmRepository: SchemaDescribed {
    /// The root schema of the `HelmRepository` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(HelmRepositorySpec.self),
                          status: .ref(HelmRepositoryStatus.self).withDefault(["observedGeneration": -1]))
    }
}
