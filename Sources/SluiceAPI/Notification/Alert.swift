import SluiceCore

/// A rule that forwards events from Flux objects to a Provider (`notification.toolkit.fluxcd.io/v1beta3`).
/// 
/// Not reconciled on an interval and without status in v1beta3.
public struct Alert: CustomResource {
    /// `notification.toolkit.fluxcd.io`.
    public static let group = "notification.toolkit.fluxcd.io"
    /// `v1beta3`.
    public static let version = "v1beta3"
    /// `Alert`.
    public static let kind = "Alert"
    /// `alerts`.
    public static let plural = "alerts"
    /// The columns Flux prints for `Alert`.
    public static var printerColumns: [PrinterColumn] { [.age] }
    /// No status subresource: Flux's v1beta3 kind has no status.
    public static var hasStatusSubresource: Bool { false }

    /// `apiVersion`: `notification.toolkit.fluxcd.io/v1beta3`.
    public var apiVersion: String
    /// `kind`: `Alert`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: AlertSpec

    /// An `Alert` with this metadata and spec.
    public init(metadata: ObjectMeta, spec: AlertSpec) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }
}

extension Alert: SchemaDescribed {
    /// The root schema of the `Alert` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(AlertSpec.self), status: nil)
    }
}
