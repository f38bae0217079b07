import ArgumentParser

/// `sluice cluster`: the embedded Kubernetes API server.
struct ClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Run a local, Kubernetes-API-compatible server for Sluice's controllers and kubectl.",
        subcommands: [ClusterServeCommand.self, ClusterCredentialsCommand.self])
}
