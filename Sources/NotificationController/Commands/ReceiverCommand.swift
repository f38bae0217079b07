import ArgumentParser

/// `notification-controller receiver url NAMESPACE/NAME`.
struct ReceiverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receiver", abstract: "Inspect webhook receivers.",
                                                    subcommands: [ReceiverURLCommand.self])
}
