import ArgumentParser
import Foundation
import Logging
import SluiceArchive
import SluiceOCI

/// `sluice push artifact oci://HOST/REPO:TAG --path DIR --source URL --revision REV`: packages DIR as a deterministic
/// tar.gz and pushes it with Flux's media types and annotations, as `flux push artifact` does.
struct PushArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Package a directory and push it as a Flux OCI artifact.",
        discussion: "For example: sluice push artifact oci://ghcr.io/org/manifests:v1 --path ./deploy --source https://github.com/org/repo --revision main@sha1:abc…")

    @Argument(help: "oci://HOST/REPOSITORY:TAG")
    var url: String

    @Option(help: "The directory to package.")
    var path: String

    @Option(help: "The source URL (annotation org.opencontainers.image.source).")
    var source: String

    @Option(help: "The source revision (annotation org.opencontainers.image.revision), such as main@sha1:<sha>.")
    var revision: String

    @Option(name: [.short, .customLong("annotations")], help: "More annotations, KEY=VALUE (repeatable).")
    var annotations: [String] = []

    @Option(name: .customLong("ignore-paths"), help: "Paths to leave out, in .sourceignore syntax (comma-separated).")
    var ignorePaths: String?

    @OptionGroup var registry: OCIRegistryOptions

    func run() async throws {
        let reference = try registry.reference(url)
        guard reference.tag != nil, reference.digest == nil else { throw CLIError("the artifact URL needs a tag: oci://HOST/REPOSITORY:TAG") }
        var extra: [String: String] = [:]
        for annotation in annotations {
            guard let equals = annotation.firstIndex(of: "="), equals != annotation.startIndex else {
                throw CLIError("invalid annotation '\(annotation)'", hint: "write KEY=VALUE")
            }
            extra[String(annotation[..<equals])] = String(annotation[annotation.index(after: equals)...])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("--path '\(path)' is not a directory")
        }
        let root = URL(fileURLWithPath: path)
        let content: [UInt8]
        do {
            let ignore = try SourceIgnore.matcher(root: root, extra: ignorePaths.map { $0.split(separator: ",").joined(separator: "\n") })
            content = try ArtifactArchiver(maxSize: 1 << 30, logger: Logger(label: "sluice")).archive(directory: root, ignore: ignore).bytes
        } catch {
            throw CLIError("cannot package '\(path)': \(error)")
        }
        let client = try registry.client(for: reference)
        Terminal.err("► pushing artifact to \(reference)")
        do {
            let digest = try await FluxArtifact.push(client, to: reference, content: content, source: source, revision: revision, annotations: extra)
            Terminal.err("✔ artifact successfully pushed to \(reference.with(digest: digest))")
            Terminal.out(digest)
        } catch {
            throw CLIError("push failed: \(error)")
        }
    }
}
