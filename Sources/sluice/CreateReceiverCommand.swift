import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create receiver NAME --type github --secret-ref S --resource Kind/name`: a Receiver, as `flux create receiver`.
struct CreateReceiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receiver", abstract: "Create or update a Receiver resource.")

    /// Flux's receiver types.
    static let types = ["generic", "generic-hmac", "github", "gitlab", "bitbucket", "harbor", "dockerhub", "quay", "gcr", "nexus", "acr", "cdevents"]

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("type"), help: "The receiver type (generic|generic-hmac|github|gitlab|bitbucket|harbor|dockerhub|quay|gcr|nexus|acr|cdevents).") var type = ""
    @Option(name: .customLong("secret-ref"), help: "The name of the Secret holding the webhook token.") var secretRef = ""
    @Option(name: .customLong("event"), help: "Events to act on (repeatable, or comma-separated).") var events: [String] = []
    @Option(name: .customLong("resource"), help: "Objects to reconcile, as <kind>/<name> (repeatable, or comma-separated).") var resources: [String] = []

    func validate() throws {
        if !type.isEmpty, !Self.types.contains(type) {
            throw ValidationError("receiver type '\(type)' is not supported, must be one of: \(Self.types.joined(separator: ", "))")
        }
    }

    func run() async throws {
        guard !type.isEmpty else { throw CLIError("Receiver type is required") }
        guard !secretRef.isEmpty else { throw CLIError("secret ref is required") }
        var targets: [JSONValue] = []
        for item in FluxManifest.items(resources) {
            let (kind, name) = FluxManifest.kindAndName(item)
            guard !kind.isEmpty else { throw CLIError("invalid event source '\(item)', must be in format <kind>/<name>") }
            targets.append(["kind": .string(kind), "name": .string(name)])
        }
        guard !targets.isEmpty else { throw CLIError("atleast one resource is required") }
        let metadata = try options.metadata()
        if !options.export { Terminal.err("✚ generating Receiver") }
        var spec = FluxManifest.fields([("events", .array(FluxManifest.items(events).map { .string($0) }))]).objectValue!
        spec["type"] = .string(type)
        spec["resources"] = .array(targets)
        spec["secretRef"] = ["name": .string(secretRef)]
        let object = FluxManifest.object(apiVersion: Receiver.gvk.apiVersion, kind: "Receiver", metadata: metadata, [("spec", .object(spec))])
        guard let ready = try await options.exportOrApply(object, .init(subject: "Receiver", applied: "Receiver")) else { return }
        Terminal.err("✔ Receiver \(options.name) is ready")
        Terminal.err("✔ generated webhook URL \(ready["status", "webhookPath"]?.stringValue ?? "")")
    }
}
