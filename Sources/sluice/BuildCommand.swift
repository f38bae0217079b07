import ArgumentParser

/// `sluice build <kind> NAME`: what the controller would apply for an object, printed.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Print the YAML a controller would apply for an object.",
        subcommands: [BuildKustomizationCommand.self])
}
