import ArgumentParser
import SluiceRuntime
import KustomizeController

/// The `kustomize-controller` executable.
@main
struct KustomizeControllerMain: AsyncParsableCommand {
    static var configuration: CommandConfiguration { KustomizeController.commandConfiguration }
}
