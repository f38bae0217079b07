import ArgumentParser
import Foundation
import SluiceCore

/// `<tool> version`: prints the executable's name and Sluice's version.
public struct VersionCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    @Flag(name: .customLong("short"), help: "Print the version number only.")
    var short = false

    public init() {}

    public func run() {
        let tool = URL(fileURLWithPath: CommandLine.arguments.first ?? "sluice").lastPathComponent
        print(short ? SluiceVersion.current : "\(tool) \(SluiceVersion.current)")
    }
}
