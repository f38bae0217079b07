import ArgumentParser
import Foundation
import Logging
import SluiceArchive
import SluiceOCI

/// `sluice pull artifact oci://HOST/REPO:TAG --output DIR`: downloads the artifact's content layer (digest checked)
/// and extracts it safely into DIR, as `flux pull artifact` does.
struct PullArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artifact", abstract: "Pull a Flux OCI artifact and extract it into a directory.")

    @Argument(help: "oci://HOST/REPOSITORY:TAG or oci://HOST/REPOSITORY@sha256:…")
    var url: String

    @Option(name: [.short, .customLong("output")], help: "The directory to extract into.")
    var output: String

    @Option(name: .customLong("layer-media-type"), help: "The media type of the layer to extract (default: the first layer).")
    var layerMediaType: String?

    @OptionGroup var registry: OCIRegistryOptions

    func run() async throws {
        let reference = try registry.reference(url)
        let client = try registry.client(for: reference)
        Terminal.err("► pulling artifact from \(reference)")
        do {
            let fetched = try await client.fetchManifest(reference)
            let layers = fetched.manifest.layers ?? []
            let layer = layerMediaType.map { type in layers.first { $0.mediaType == type } } ?? layers.first
            guard let layer else { throw CLIError("no matching layer in artifact '\(reference)'") }
            let bytes = try await client.fetchBlob(reference.with(digest: fetched.digest), layer)
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            _ = try ArchiveExtractor(maxSize: 1 << 30, logger: Logger(label: "sluice")).extract(bytes, into: URL(fileURLWithPath: output))
            let annotations = fetched.manifest.annotations ?? [:]
            Terminal.err("✔ source \(annotations[OCIAnnotation.source] ?? "-"), revision \(annotations[OCIAnnotation.revision] ?? "-")")
            Terminal.err("✔ artifact content extracted to \(output)")
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("pull failed: \(error)")
        }
    }
}
