import ArgumentParser
import SluiceRuntime
import HelmController

/// The `helm-controller` executable.
@main
struct HelmControllerMain: AsyncParsableCommand {
    static var configuration: CommandConfiguration { HelmController.commandConfiguration }
}
