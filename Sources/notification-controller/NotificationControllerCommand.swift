import ArgumentParser
import NotificationController
import SluiceCore
import SluiceRuntime

/// `notification-controller`: forwards events to providers and turns webhook pushes into reconciles.
@main
struct NotificationControllerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notification-controller",
        abstract: "forwards events to providers and turns webhook pushes into reconciles.",
        version: SluiceVersion.current,
        subcommands: [Run.self, VersionCommand.self],
        defaultSubcommand: Run.self)

    /// `notification-controller run`: the long-running controller (the default).
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the controller until SIGTERM or SIGINT.")

        @OptionGroup var options: ControllerOptions

        func run() async throws {
            try await ControllerProcess.run(name: NotificationController.name, options: options) { parts in
                NotificationController.services(parts)
            }
        }
    }
}
