import SluiceCore

/// A notification destination, such as Slack or a Git commit status (`notification.toolkit.fluxcd.io/v1beta3`).
/// 
/// Not reconciled on an interval and without status in v1beta3.
public struct Provider: CustomResource {
    /// `notification.toolkit.fluxcd.io`.
    public static let group = "notification.toolkit.fluxcd.io"
    /// `v1beta3`.
    public static let version = "v1beta3"
    /// `Provider`.
    public static let kind = "Provider"
    /// `providers`.
    public static let plural = "providers"
    /// The columns Flux prints for `Provider`.
    public static var printerColumns: [PrinterColumn] { [.age] }
    /// No status subresource: Flux's v1beta3 kind has no status.
    public static var hasStatusSubresource: Bool { false }

    /// `apiVersion`: `notification.toolkit.fluxcd.io/v1beta3`.
    public var apiVersion: String
    /// `kind`: `Provider`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ProviderSpec

    /// A `Provider` with this metadata and spec.
    public init(metadata: ObjectMeta, spec: ProviderSpec) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
    }
}

extension Provider: SchemaDescribed {
    /// The root schema of the `Provider` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject(kindDescription, spec: .ref(ProviderSpec.self), status: nil)
    }
}
