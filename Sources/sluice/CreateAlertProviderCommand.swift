import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create alert-provider NAME --type slack …`: a Provider (`v1beta3`), as `flux create alert-provider`.
struct CreateAlertProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alert-provider", abstract: "Create or update a Provider resource.")

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("type"), help: "Type of provider.") var type = ""
    @Option(name: .customLong("channel"), help: "Channel to send messages to in the case of a chat provider.") var channel = ""
    @Option(name: .customLong("username"), help: "Bot username used by the provider.") var username = ""
    @Option(name: .customLong("address"), help: "Path to either the git repository, chat provider or webhook.") var address = ""
    @Option(name: .customLong("secret-ref"), help: "Name of secret containing authentication token.") var secretRef = ""

    func run() async throws {
        guard !type.isEmpty else { throw CLIError("Provider type is required") }
        let metadata = try options.metadata()
        if !options.export { Terminal.err("✚ generating Provider") }
        var spec = FluxManifest.fields([
            ("channel", .string(channel)), ("username", .string(username)), ("address", .string(address)),
            ("secretRef", FluxManifest.localReference(secretRef)),
        ]).objectValue!
        spec["type"] = .string(type)
        let object = FluxManifest.object(apiVersion: Provider.gvk.apiVersion, kind: "Provider", metadata: metadata, [("spec", .object(spec))])
        guard try await options.exportOrApply(object, .init(subject: "Provider", applied: "Provider", isStatic: true)) != nil else { return }
        Terminal.err("✔ Provider \(options.name) is ready")
    }
}
