import SluiceCore

/// An artifact produced outside source-controller's own kinds, such as by an ArtifactGenerator, that Kustomizations
/// and HelmReleases consume as a source (`source.toolkit.fluxcd.io/v1`, Flux 2.7).
///
/// Nothing reconciles an ExternalArtifact itself: its producer (named by `spec.sourceRef`) writes `status.artifact`
/// and the `Ready` condition.
public struct ExternalArtifact: CustomResource {
    /// `source.toolkit.fluxcd.io`.
    public static let group = "source.toolkit.fluxcd.io"
    /// `v1`.
    public static let version = "v1"
    /// `ExternalArtifact`.
    public static let kind = "ExternalArtifact"
    /// `externalartifacts`.
    public static let plural = "externalartifacts"
    /// `ea`, as Flux.
    public static var shortNames: [String] { ["ea"] }
    /// The columns Flux prints for `ExternalArtifact`.
    public static var printerColumns: [PrinterColumn] { [.age, .ready, .status, .string("Source", ".spec.sourceRef.name")] }

    /// `apiVersion`: `source.toolkit.fluxcd.io/v1`.
    public var apiVersion: String
    /// `kind`: `ExternalArtifact`.
    public var kind: String
    /// The object's metadata.
    public var metadata: ObjectMeta
    /// The desired state.
    public var spec: ExternalArtifactSpec?
    /// The observed state, written by the producer.
    public var status: ExternalArtifactStatus?

    /// An `ExternalArtifact` with this metadata, spec and status.
    public init(metadata: ObjectMeta, spec: ExternalArtifactSpec? = nil, status: ExternalArtifactStatus? = nil) {
        self.apiVersion = Self.apiVersion
        self.kind = Self.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

extension ExternalArtifact: SchemaDescribed {
    /// The root schema of the `ExternalArtifact` CRD.
    public static var openAPISchema: OpenAPISchema {
        .kubernetesObject("ExternalArtifact is the Schema for the external artifacts API",
                          spec: .ref(ExternalArtifactSpec.self), status: .ref(ExternalArtifactStatus.self))
    }
}
