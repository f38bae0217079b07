import ArgumentParser
import Foundation
import SluiceCore
import SluiceKube

/// `sluice delete <kind> NAME [--silent]`: deletes a Flux object after asking, then waits until its controller has
/// finalized it (the object is gone), as `flux delete` (which does not wait).
struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete sources and resources.",
        discussion: "Kinds: source git|helm|chart|oci, kustomization, helmrelease, alert, alert-provider, receiver.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The kind (source git|source helm|source chart|source oci|kustomization|helmrelease|alert|alert-provider|receiver) and the name.")
    var words: [String] = []
    @Flag(name: [.customShort("s"), .customLong("silent")], help: "Delete the resource without asking for confirmation.")
    var silent = false

    func run() async throws {
        // flux names the Provider `alert-provider`.
        var target = KindArguments()
        target.words = words.map { $0.lowercased() == "alert-provider" ? "provider" : $0 }
        let (kind, name) = try target.kindAndName()
        let client = try global.client()
        let namespace = global.namespace(for: client)
        _ = try await global.object(kind, name: name, namespace: namespace, client: client)
        let human = Self.humanKind(kind)
        if !silent && !Confirmation.ask("Are you sure you want to delete this \(human)") {
            throw CLIError("aborting", hint: "pass --silent to delete without asking")
        }
        Terminal.err("► deleting \(human) \(name) in \(namespace) namespace")
        do {
            _ = try await client.delete(kind.gvk, namespace: namespace, name: name)
        } catch {
            throw CLIError("cannot delete \(kind.gvk.kind) \(namespace)/\(name): \(error)")
        }
        // The controller finalizes (garbage collection, release uninstall) before the object goes.
        let deadline = ContinuousClock.now + global.timeoutDuration
        while true {
            let remaining: KubeObject?
            do {
                remaining = try await client.get(kind.gvk, namespace: namespace, name: name)
            } catch {
                throw global.unreachable(error, client: client)
            }
            guard let remaining else { break }
            if ContinuousClock.now >= deadline {
                Terminal.endProgress()
                throw CLIError("timed out after \(global.timeout) waiting for \(kind.gvk.kind) \(namespace)/\(name) to be finalized (finalizers: \(remaining.finalizers.joined(separator: ", ")))",
                               hint: "is its controller running against this cluster? It removes its finalizer once it has cleaned up.")
            }
            Terminal.progress("◎ waiting for \(kind.gvk.kind) \(name) to be finalized")
            try await Task.sleep(for: .milliseconds(250))
        }
        Terminal.endProgress()
        Terminal.err("✔ \(human) deleted")
    }

    /// How flux names the kind in its messages: `source git`, `kustomization`, `alert provider` …
    static func humanKind(_ kind: FluxKind) -> String {
        switch kind {
        case .gitRepository: "source git"
        case .helmRepository: "source helm"
        case .helmChart: "source chart"
        case .ociRepository: "source oci"
        case .externalArtifact: "source external"
        case .artifactGenerator: "artifactgenerator"
        case .kustomization: "kustomization"
        case .helmRelease: "helmrelease"
        case .alert: "alert"
        case .provider: "alert provider"
        case .receiver: "receiver"
        }
    }
}
