import ArgumentParser

/// `sluice diff <kind> NAME`: what reconciling an object now would change in the cluster.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what reconciling an object now would change in the cluster (exit 0: nothing, 1: changes, 2: error).",
        subcommands: [DiffKustomizationCommand.self, DiffHelmReleaseCommand.self])
}
