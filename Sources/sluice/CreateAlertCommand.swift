import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create alert NAME --provider-ref P --event-source Kind/name`: an Alert (`v1beta3`), as `flux create alert`.
struct CreateAlertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "alert", abstract: "Create or update an Alert resource.")

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("provider-ref"), help: "Reference to provider.") var providerRef = ""
    @Option(name: .customLong("event-severity"), help: "Severity of events to send alerts for.") var eventSeverity = ""
    @Option(name: .customLong("event-source"), help: "Sources that should generate alerts (<kind>/<name>), repeatable or comma-separated.") var eventSources: [String] = []

    func run() async throws {
        guard !providerRef.isEmpty else { throw CLIError("provider ref is required") }
        var sources: [JSONValue] = []
        for item in FluxManifest.items(eventSources) {
            let (kind, name, namespace) = FluxManifest.kindNameAndNamespace(item)
            guard !kind.isEmpty else { throw CLIError("invalid event source '\(item)', must be in format <kind>/<name>") }
            sources.append(FluxManifest.fields([("kind", .string(kind)), ("name", .string(name)), ("namespace", .string(namespace))]))
        }
        guard !sources.isEmpty else { throw CLIError("at least one event source is required") }
        let metadata = try options.metadata()
        if !options.export { Terminal.err("✚ generating Alert") }
        var spec = FluxManifest.fields([("eventSeverity", .string(eventSeverity))]).objectValue!
        spec["providerRef"] = ["name": .string(providerRef)]
        spec["eventSources"] = .array(sources)
        let object = FluxManifest.object(apiVersion: Alert.gvk.apiVersion, kind: "Alert", metadata: metadata, [("spec", .object(spec))])
        guard try await options.exportOrApply(object, .init(subject: "Alert", applied: "Alert", isStatic: true)) != nil else { return }
        Terminal.err("✔ Alert \(options.name) is ready")
    }
}
