import ArgumentParser

/// `sluice pull artifact`: download from an OCI registry.
struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull an artifact from an OCI registry.",
                                                    subcommands: [PullArtifactCommand.self])
}
