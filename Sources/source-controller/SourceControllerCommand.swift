import ArgumentParser
import SourceController
import SluiceCore
import SluiceRuntime

/// `source-controller`: reconciles GitRepository, HelmRepository and HelmChart into artifacts in the shared store.
@main
struct SourceControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source-controller",
        abstract: "reconciles GitRepository, HelmRepository and HelmChart into artifacts in the shared store.",
        version: SluiceVersion.current,
        subcommands: [Run.self, VersionCommand.self],
        defaultSubcommand: Run.self)

    /// `source-controller run`: the long-running controller (the default).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the controller until SIGTERM or SIGINT.")

        @OptionGroup var options: ControllerOptions

        func run() async throws {
            try await ControllerProcess.run(name: SourceController.name, options: options) { parts in
                SourceController.services(parts)
            }
        }
    }
}
