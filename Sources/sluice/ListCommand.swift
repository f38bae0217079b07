import ArgumentParser

/// `sluice list artifacts`: what an OCI repository holds.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List artifacts in an OCI repository.",
                                                    subcommands: [ListArtifactsCommand.self])
}
