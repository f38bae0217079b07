import SluiceCore

/// A Helm release that helm-controller installs and keeps up to date (`helm.toolkit.fluxcd.io/v2`).
public struct HelmRelease: Reconcilable, CustomResource {
    /// `helm.toolkit.fluxcd.io`.
    public static let group = "helm.toolkit.fluxcd.io"
    /// `v2`.
    public static let version = "v2"
    /// `HelmRelease`.
    public static let kind = "HelmRelease"
    /// `helmreleases`.
    public static let plural = "helmreleases"
    /// `hr`, as Flux.
    public static var shortNames: [String] { ["hr"] }

    /// `apiVersion`: `helm.toolkit.fluxcd.io/v2`.
    public var apiVersion: String
    /// `kind`: `HelmRelease`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: HelmReleaseSpec
    /// The observed state, written by the controller.
    public var status: HelmReleaseStatus?

    /// A `HelmRelease` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: HelmReleaseSpec, status: HelmReleaseStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension HelmRelease {
    /// `spec.interval`.
    public var interval: GoDuration { spec.interval }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? HelmReleaseStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? HelmReleaseStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? HelmReleaseStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension HelmRelease: SchemaDescribed {
    /// The root schema of the `HelmRelease` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(HelmReleaseSpec.self),
                          status: .ref(HelmReleaseStatus.self).withDefault(["observedGeneration": -1]))
    }
}
