import ArgumentParser
import SluiceOCI

/// `sluice tag artifact oci://HOST/REPO:TAG --tag NEW`: the same manifest under another tag, as `flux tag artifact`.
struct TagArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "artifact", abstract: "Add tags to an artifact.")

    @Argument(help: "oci://HOST/REPOSITORY:TAG")
    var url: String

    @Option(help: "A tag to add (repeatable).")
    var tag: [String] = []

    @OptionGroup var registry: OCIRegistryOptions

    func run() async throws {
        let reference = try registry.reference(url)
        guard !tag.isEmpty else { throw CLIError("no --tag given") }
        let client = try registry.client(for: reference)
        for new in tag {
            Terminal.err("► tagging artifact")
            do { _ = try await client.tag(reference, as: new) } catch { throw CLIError("tag failed: \(error)") }
            Terminal.err("✔ artifact tagged as \(reference.with(tag: new))")
        }
    }
}
