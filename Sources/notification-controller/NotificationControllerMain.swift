import ArgumentParser
import SluiceRuntime
import NotificationController

/// The `notification-controller` executable.
@main
struct NotificationControllerMain: AsyncParsableCommand {
    static var configuration: CommandConfiguration { NotificationController.commandConfiguration }
}
