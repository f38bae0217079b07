import ArgumentParser
import KustomizeController
import SluiceCore
import SluiceRuntime

/// `kustomize-controller`: builds Kustomizations from source artifacts and applies them to the cluster.
@main
struct KustomizeControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomize-controller",
        abstract: "builds Kustomizations from source artifacts and applies them to the cluster.",
        version: SluiceVersion.current,
        subcommands: [Run.self, VersionCommand.self],
        defaultSubcommand: Run.self)

    /// `kustomize-controller run`: the long-running controller (the default).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the controller until SIGTERM or SIGINT.")

        @OptionGroup var options: ControllerOptions

        func run() async throws {
            try await ControllerProcess.run(name: KustomizeController.name, options: options) { parts in
                KustomizeController.services(parts)
            }
        }
    }
}
