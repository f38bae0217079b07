import ArgumentParser
import ServiceLifecycle

/// What makes one controller executable different from the others: its name, its flags, its kinds' services and its debugging commands.
public protocol ControllerDescriptor {
    /// The flags only this controller's `run` takes (Flux's per-controller flags, such as `--artifact-max-size`).
    associatedtype Flags: ParsableArguments = NoControllerFlags
    /// The executable's and the event reporter's name, such as `source-controller`.
    static var name: String { get }
    /// One line for `--help`.
    static var abstract: String { get }
    /// Extra subcommands for debugging one controller (`reconcile`, `get`, …).
    static var debugCommands: [any ParsableCommand.Type] { get }
    /// The long-running services of the controller, built from the opened store, the cluster connection and the flags.
    static func services(_ parts: ControllerProcess.Parts, flags: Flags) throws -> [any Service]
}

extension ControllerDescriptor {
    /// No debugging commands.
    public static var debugCommands: [any ParsableCommand.Type] { [] }
}
