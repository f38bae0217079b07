import ArgumentParser
import SluiceCore

extension ControllerDescriptor {
    /// The root command of the controller's executable: `run` (the default), its debugging commands, and `version`.
    ///
    /// Each executable is a four-line `@main` type returning this; ArgumentParser
    /// runs async commands only through `@main`.
    public static var commandConfiguration: CommandConfiguration {
        CommandConfiguration(
            commandName: name,
            abstract: abstract,
            version: SluiceVersion.current,
            subcommands: [ControllerRunCommand<Self>.self] + debugCommands + [VersionCommand.self],
            defaultSubcommand: ControllerRunCommand<Self>.self)
    }
}

/// `<controller> run`: the long-running controller, until SIGTERM or SIGINT.
public struct ControllerRunCommand<Descriptor: ControllerDescriptor>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "run", abstract: "Run the controller until SIGTERM or SIGINT.")
    }

    @OptionGroup public var options: ControllerOptions

    @OptionGroup public var flags: Descriptor.Flags

    public init() {}

    public func run() async throws {
        let flags = self.flags
        try await ControllerProcess.run(name: Descriptor.name, options: options) { parts in
            try Descriptor.services(parts, flags: flags)
        }
    }
}
