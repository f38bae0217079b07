import Foundation

/// Flux's OCI artifact format (`flux push artifact`): an OCI image manifest whose config is `{}` of type
/// `application/vnd.cncf.flux.config.v1+json` and whose one layer is the content tar.gz of type
/// `application/vnd.cncf.flux.content.v1.tar+gzip`, annotated with the source URL, source revision and creation time.
/// Artifacts pushed with it are read by Flux, and Flux's are read by Sluice.
public enum FluxArtifact {
    /// Pushes `content` (a tar.gz) with Flux's media types and annotations under `reference`'s tag; returns the manifest digest.
    ///
    /// - Parameters:
    ///   - source: `org.opencontainers.image.source` (the Git URL).
    ///   - revision: `org.opencontainers.image.revision` (`main@sha1:…`).
    ///   - annotations: more annotations, which override the three above.
    ///   - created: `org.opencontainers.image.created`, RFC 3339.
    ///   - layerMediaType: the content layer's type (Flux's by default; a Helm chart's for chart artifacts).
    public static func push(_ client: OCIClient, to reference: OCIReference, content: [UInt8], source: String?, revision: String?,
                            annotations: [String: String] = [:], created: Date = Date(),
                            layerMediaType: String = OCIMediaType.fluxContent, configMediaType: String = OCIMediaType.fluxConfig)
        async throws(OCIError) -> String
    {
        let config = try await client.pushBlob(reference, Array("{}".utf8), mediaType: configMediaType)
        let layer = try await client.pushBlob(reference, content, mediaType: layerMediaType)
        var all: [String: String] = [OCIAnnotation.created: ISO8601DateFormatter().string(from: created)]
        if let source { all[OCIAnnotation.source] = source }
        if let revision { all[OCIAnnotation.revision] = revision }
        all.merge(annotations) { $1 }
        let manifest = OCIManifest(config: config, layers: [layer], annotations: all)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(manifest)) } catch {
            throw OCIError(.invalidManifest, reference: reference.description, "cannot encode manifest: \(error)")
        }
        return try await client.pushManifest(reference, bytes, mediaType: OCIMediaType.imageManifest)
    }
}
