import ArgumentParser

/// `sluice tag artifact`: add a tag in an OCI registry.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tag", abstract: "Tag an artifact in an OCI registry.",
                                                    subcommands: [TagArtifactCommand.self])
}
