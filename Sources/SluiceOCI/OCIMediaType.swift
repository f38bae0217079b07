/// The media types Sluice reads and writes: OCI's and Docker's manifests and indexes, Flux's artifact types and Helm's chart types.
public enum OCIMediaType {
    /// An OCI image manifest.
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    /// An OCI image index.
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    /// A Docker schema 2 manifest.
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// A Docker manifest list.
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    /// The empty config (`{}`) of OCI artifacts.
    public static let emptyConfig = "application/vnd.oci.empty.v1+json"
    /// Flux's artifact config (`flux push artifact`).
    public static let fluxConfig = "application/vnd.cncf.flux.config.v1+json"
    /// Flux's artifact content layer, a tar.gz.
    public static let fluxContent = "application/vnd.cncf.flux.content.v1.tar+gzip"
    /// Helm's chart config (`helm push`).
    public static let helmConfig = "application/vnd.cncf.helm.config.v1+json"
    /// Helm's chart content layer, the chart's `.tgz`.
    public static let helmChartContent = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
    /// Helm's provenance layer.
    public static let helmProvenance = "application/vnd.cncf.helm.chart.provenance.v1.prov"
    /// An OCI image layer, tar.gz.
    public static let imageLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    /// A Docker image layer, tar.gz.
    public static let dockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip"

    /// The manifest types a pull accepts, in the `Accept` header.
    public static let acceptedManifests = [imageManifest, imageIndex, dockerManifest, dockerManifestList]

    /// Whether `mediaType` is an index (several manifests).
    public static func isIndex(_ mediaType: String) -> Bool { mediaType == imageIndex || mediaType == dockerManifestList }
}

/// The annotations Flux writes on an artifact's manifest.
public enum OCIAnnotation {
    /// The source URL of the content (Git URL).
    public static let source = "org.opencontainers.image.source"
    /// The source revision (`main@sha1:…`).
    public static let revision = "org.opencontainers.image.revision"
    /// When it was pushed (RFC 3339).
    public static let created = "org.opencontainers.image.created"
}
