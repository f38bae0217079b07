import ArgumentParser
import SluiceRuntime
import SourceController

/// The `source-controller` executable.
@main
struct SourceControllerMain: AsyncParsableCommand {
    static var configuration: CommandConfiguration { SourceController.commandConfiguration }
}
