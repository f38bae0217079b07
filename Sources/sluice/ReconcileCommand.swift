import ArgumentParser
import SluiceCore

/// `sluice reconcile <kind> NAME [--with-source]`: reconcile now and wait for the result.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Ask for an immediate reconciliation and wait until it is handled and Ready.",
        discussion: "For example: sluice reconcile source git NAME; sluice reconcile kustomization NAME --with-source")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    @Flag(name: .customLong("with-source"), help: "Reconcile the Kustomization's or HelmRelease's source first.")
    var withSource = false

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let waiter = ReconcileWaiter(global: global, client: client)
        if withSource {
            let object = try await global.object(kind, name: name, namespace: namespace, client: client)
            guard let reference = Self.sourceReference(kind: kind, object: object) else {
                throw CLIError("--with-source: \(kind.gvk.kind) \(name) has no source reference Sluice can reconcile",
                               hint: "drop --with-source, or reconcile the source itself: sluice reconcile source git NAME")
            }
            try await waiter.reconcile(reference.kind, name: reference.name, namespace: reference.namespace ?? namespace)
        }
        try await waiter.reconcile(kind, name: name, namespace: namespace)
    }

    /// The source a Kustomization (`spec.sourceRef`) or HelmRelease (`spec.chart.spec.sourceRef`) names.
    static func sourceReference(kind: FluxKind, object: KubeObject) -> (kind: FluxKind, name: String, namespace: String?)? {
        let reference: JSONValue? = switch kind {
        case .kustomization: object["spec", "sourceRef"]
        case .helmRelease: object["spec", "chart", "spec", "sourceRef"]
        default: nil
        }
        guard let reference = reference?.objectValue, let name = reference["name"]?.stringValue,
              let sourceKind = reference["kind"]?.stringValue.flatMap(FluxKind.init(word:)) else { return nil }
        return (sourceKind, name, reference["namespace"]?.stringValue)
    }
}
