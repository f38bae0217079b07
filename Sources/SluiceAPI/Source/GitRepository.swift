import SluiceCore

/// A Git repository that source-controller fetches on an interval and packages as an artifact (`source.toolkit.fluxcd.io/v1`).
public struct GitRepository: Reconcilable, CustomResource {
    /// `source.toolkit.fluxcd.io`.
    public static let group = "source.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `GitRepository`.
    public static let kind = "GitRepository"
    /// `gitrepositories`.
    public static let plural = "gitrepositories"
    /// `gitrepo`, as Flux.
    public static var shortNames: [String] { ["gitrepo"] }
    /// The columns Flux prints for `GitRepository`.
    public static var printerColumns: [PrinterColumn] { [.string("URL", ".spec.url"), .age, .ready, .status] }

    /// `apiVersion`: `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `GitRepository`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: GitRepositorySpec
    /// The observed state, written by the controller.
    public var status: GitRepositoryStatus?

    /// A `GitRepository` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: GitRepositorySpec, status: GitRepositoryStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension GitRepository {
    /// `spec.interval`.
    public var interval: GoDuration { spec.interval }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? GitRepositoryStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? GitRepositoryStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? GitRepositoryStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension GitRepository: SchemaDescribed {
    /// The root schema of the `GitRepository` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(GitRepositorySpec.self),
                          status: .ref(GitRepositoryStatus.self).withDefault(["observedGeneration": -1]))
    }
}
