import ArgumentParser
import SluiceCore

/// `sluice resume <kind> NAME`: clears `spec.suspend` and, unless `--no-wait`, reconciles and waits as `reconcile` does.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume reconciliation of an object (spec.suspend: false) and wait until it is Ready.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    @Flag(name: .customLong("no-wait"), help: "Do not request a reconciliation and wait for it.")
    var noWait = false

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        let client = try global.client()
        let namespace = global.namespace(for: client)
        _ = try await global.patch(kind, name: name, namespace: namespace,
                                   patch: .object(JSONObject([("spec", .object(JSONObject([("suspend", .bool(false))])))])),
                                   client: client)
        Terminal.out("\(kind.gvk.kind) \(namespace)/\(name) resumed")
        if !noWait && kind.isReconcilable {
            try await ReconcileWaiter(global: global, client: client).reconcile(kind, name: name, namespace: namespace)
        }
    }
}
