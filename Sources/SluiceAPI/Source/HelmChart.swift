import SluiceCore

/// A Helm chart that source-controller fetches from a source and packages as an artifact (`source.toolkit.fluxcd.io/v1`).
public struct HelmChart: Reconcilable, CustomResource {
    /// `source.toolkit.fluxcd.io`.
    public static let group = "source.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `HelmChart`.
    public static let kind = "HelmChart"
    /// `helmcharts`.
    public static let plural = "helmcharts"
    /// `hc`, as Flux.
    public static var shortNames: [String] { ["hc"] }
    /// The columns Flux prints for `HelmChart`.
    public static var printerColumns: [PrinterColumn] { [.string("Chart", ".spec.chart"), .string("Version", ".spec.version"), .string("Source Kind", ".spec.sourceRef.kind"), .string("Source Name", ".spec.sourceRef.name"), .age, .ready, .status] }

    /// `apiVersion`: `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `HelmChart`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: HelmChartSpec
    /// The observed state, written by the controller.
    public var status: HelmChartStatus?

    /// A `HelmChart` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: HelmChartSpec, status: HelmChartStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension HelmChart {
    /// `spec.interval`.
    public var interval: GoDuration { spec.interval }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? HelmChartStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? HelmChartStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? HelmChartStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension HelmChart: SchemaDescribed {
    /// The root schema of the `HelmChart` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(HelmChartSpec.self),
                          status: .ref(HelmChartStatus.self).withDefault(["observedGeneration": -1]))
    }
}
