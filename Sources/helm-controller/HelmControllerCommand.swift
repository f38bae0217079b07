import ArgumentParser
import HelmController
import SluiceCore
import SluiceRuntime

/// `helm-controller`: installs and upgrades HelmReleases from chart artifacts.
@main
struct HelmControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helm-controller",
        abstract: "installs and upgrades HelmReleases from chart artifacts.",
        version: SluiceVersion.current,
        subcommands: [Run.self, VersionCommand.self],
        defaultSubcommand: Run.self)

    /// `helm-controller run`: the long-running controller (the default).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the controller until SIGTERM or SIGINT.")

        @OptionGroup var options: ControllerOptions

        func run() async throws {
            try await ControllerProcess.run(name: HelmController.name, options: options) { parts in
                HelmController.services(parts)
            }
        }
    }
}
