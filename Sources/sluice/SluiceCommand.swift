import ArgumentParser
import SluiceCore
import SluiceRuntime

/// `sluice`: the command line for people.
@main
struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: GitOps for Kubernetes, compatible with Flux's APIs.",
        version: SluiceVersion.current,
        subcommands: [VersionCommand.self, ClusterCommand.self])
}
