import ArgumentParser

/// `sluice bootstrap git`: Sluice installed and syncing a cluster from its directory in a Git repository.
struct BootstrapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Deploy Sluice on a cluster the GitOps way: its manifests committed to Git, the cluster syncing them.",
        subcommands: [BootstrapGitCommand.self])
}
