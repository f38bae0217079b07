import ArgumentParser
import Foundation
import SluiceCore
import SluiceRuntime

/// `sluice`: the command line for people.
@main
struct SluiceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "Sluice: GitOps for Kubernetes, compatible with Flux's APIs.",
        version: SluiceVersion.current,
        subcommands: [
            VersionCommand.self, UpCommand.self, ClusterCommand.self, GetCommand.self, ReconcileCommand.self, SuspendCommand.self,
            ResumeCommand.self, EventsCommand.self, TreeCommand.self, TraceCommand.self, StatsCommand.self, ExportCommand.self,
            DiffCommand.self, BuildCommand.self, PushCommand.self, PullCommand.self, TagCommand.self, ListCommand.self,
            BootstrapCommand.self, InstallCommand.self, UninstallCommand.self, CheckCommand.self,
            CreateCommand.self, DeleteCommand.self, LogsCommand.self,
            ValidateCommand.self,
        ])

    /// Runs the command, reporting ``CLIError``s as one `error:` line plus a `hint:` line and exit status 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            Terminal.report(error)
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
