import ArgumentParser
import Foundation
import SluiceOCI

/// `sluice list artifacts oci://HOST/REPO`: every tag with its digest and Flux's source and revision annotations, as
/// `flux list artifacts` prints them.
struct ListArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artifacts", abstract: "List the tags of a repository with digests and sources.")

    @Argument(help: "oci://HOST/REPOSITORY")
    var url: String

    @Option(help: "Only tags in this semver range.")
    var semver: String?

    @OptionGroup var registry: OCIRegistryOptions

    func run() async throws {
        let reference = try registry.reference(url)
        let client = try registry.client(for: reference)
        var rows = [["ARTIFACT", "DIGEST", "SOURCE", "REVISION"]]
        do {
            var tags = try await client.listTags(reference).sorted()
            if let semver { tags = tags.filter { (try? OCITagSelection.highest(satisfying: semver, among: [$0], reference: url)) == $0 } }
            for tag in tags {
                let fetched = try await client.fetchManifest(reference.with(tag: tag))
                let annotations = fetched.manifest.annotations ?? [:]
                rows.append(["\(reference.with(tag: tag))", fetched.digest, annotations[OCIAnnotation.source] ?? "",
                             annotations[OCIAnnotation.revision] ?? ""])
            }
        } catch {
            throw CLIError("list failed: \(error)")
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        Terminal.out(rows.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "\t")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n"))
    }
}
