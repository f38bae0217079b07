import SluiceCore

/// A path in a source that kustomize-controller builds, applies, prunes and health-checks on an interval (`kustomize.toolkit.fluxcd.io/v1`).
public struct Kustomization: Reconcilable, CustomResource {
    /// `kustomize.toolkit.fluxcd.io`.
    public static let group = "kustomize.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `Kustomization`.
    public static let kind = "Kustomization"
    /// `kustomizations`.
    public static let plural = "kustomizations"
    /// `ks`, as Flux.
    public static var shortNames: [String] { ["ks"] }

    /// `apiVersion`: `kustomize.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `Kustomization`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: KustomizationSpec
    /// The observed state, written by the controller.
    public var status: KustomizationStatus?

    /// A `Kustomization` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: KustomizationSpec, status: KustomizationStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension Kustomization {
    /// `spec.interval`.
    public var interval: GoDuration { spec.interval }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? KustomizationStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? KustomizationStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? KustomizationStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension Kustomization: SchemaDescribed {
    /// The root schema of the `Kustomization` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(KustomizationSpec.self),
                          status: .ref(KustomizationStatus.self).withDefault(["observedGeneration": -1]))
    }
}
