import SluiceCore

/// A webhook endpoint that requests reconciliation of Flux objects when an external system calls it (`notification.toolkit.fluxcd.io/v1`).
public struct Receiver: Reconcilable, CustomResource {
    /// `notification.toolkit.fluxcd.io`.
    public static let group = "notification.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `Receiver`.
    public static let kind = "Receiver"
    /// `receivers`.
    public static let plural = "receivers"

    /// `apiVersion`: `notification.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `Receiver`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ReceiverSpec
    /// The observed state, written by the controller.
    public var status: ReceiverStatus?

    /// A `Receiver` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: ReceiverSpec, status: ReceiverStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension Receiver {
    /// `spec.interval` (Flux's default when unset).
    public var interval: GoDuration { spec.interval ?? .minutes(10) }
    /// `spec.suspend`, false when unset.
    public var isSuspended: Bool { spec.suspend ?? false }
    /// `status.conditions`.
    public var conditions: [Condition] {
        get { status?.conditions ?? [] }
        set {
            var status = self.status ?? ReceiverStatus()
            status.conditions = newValue.isEmpty ? nil : newValue
            self.status = status
        }
    }
    /// `status.observedGeneration`.
    public var observedGeneration: Int64? {
        get { status?.observedGeneration }
        set {
            var status = self.status ?? ReceiverStatus()
            status.observedGeneration = newValue
            self.status = status
        }
    }
    /// `status.lastHandledReconcileAt`.
    public var lastHandledReconcileAt: String? {
        get { status?.lastHandledReconcileAt }
        set {
            var status = self.status ?? ReceiverStatus()
            status.lastHandledReconcileAt = newValue
            self.status = status
        }
    }
}

extension Receiver: SchemaDescribed {
    /// The root schema of the `Receiver` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(ReceiverSpec.self),
                          status: .ref(ReceiverStatus.self).withDefault(["observedGeneration": -1]))
    }
}
