import ArgumentParser

/// `sluice push artifact`: upload to an OCI registry.
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push an artifact to an OCI registry.",
                                                    subcommands: [PushArtifactCommand.self])
}
