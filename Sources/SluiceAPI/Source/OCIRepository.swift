import SluiceCore

/// An OCI artifact in a container registry that source-controller pulls on an interval and stores as an artifact (`source.toolkit.fluxcd.io/v1`).
public struct OCIRepository: Reconcilable, CustomResource {
    /// `source.toolkit.fluxcd.io`.
    public static let group = "source.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `OCIRepository`.
    public static let kind = "OCIRepository"
    /// `ocirepositories`.
    public static let plural = "ocirepositories"
    /// `ocirepo`, as Flux.
    public static var shortNames: [String] { ["ocirepo"] }
    /// The columns Flux prints for `OCIRepository`.
    public static var printerColumns: [PrinterColumn] { [.string("URL", ".spec.url"), .age, .ready, .status] }

    /// `apiVersion`: `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `OCIRepository`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: OCIRepositorySpec
    /// The observed state, written by the controller.
    public var status: OCIRepositoryStatus?

    /// A `OCIRepository` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: OCIRepositorySpec, status: OCIRepositoryStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension OCIRepository {
    /// `spec.interval`.
    public var interval: GoDuration { spec.interval }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? OCIRepositoryStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? OCIRepositoryStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? OCIRepositoryStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension OCIRepository: SchemaDescribed {
    /// The root schema of the `OCIRepository` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(OCIRepositorySpec.self),
                          status: .ref(OCIRepositoryStatus.self).withDefault(["observedGeneration": -1]))
    }
}
