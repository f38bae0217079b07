import ArgumentParser
import SluiceCore

/// `sluice suspend <kind> NAME`: sets `spec.suspend: true`.
struct SuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Pause reconciliation of an object (spec.suspend: true).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        let client = try global.client()
        let namespace = global.namespace(for: client)
        _ = try await global.patch(kind, name: name, namespace: namespace,
                                   patch: .object(JSONObject([("spec", .object(JSONObject([("suspend", .bool(true))])))])),
                                   client: client)
        Terminal.out("\(kind.gvk.kind) \(namespace)/\(name) suspended")
    }
}
