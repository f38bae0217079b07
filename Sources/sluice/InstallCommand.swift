import ArgumentParser
import Foundation
import SluiceCore

/// `sluice install [--export]`: Sluice's components (CRDs, RBAC, the controllers' Deployments) applied to the
/// cluster and awaited, or printed as YAML, as `flux install`.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install Sluice's components into the cluster (or print them with --export).",
        discussion: """
            Applies the namespace (-n, default flux-system), the CRDs, the service accounts and RBAC, the store's volume
            claim and the four controllers' Deployments with server-side apply, then waits until the Deployments are
            ready. Running it again changes nothing; a newer sluice upgrades. With --export, prints the same objects as
            a YAML stream and touches no cluster (what `sluice bootstrap git` commits as gotk-components.yaml).
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ComponentOptions

    @Flag(name: .customLong("export"), help: "Print the components as YAML instead of applying them.")
    var export = false

    func run() async throws {
        if export {
            let components = options.components(namespace: global.namespace(context: nil))
            FileHandle.standardOutput.write(Data(try components.manifest.utf8))
            return
        }
        let client = try global.client()
        let components = options.components(namespace: global.namespace(for: client))
        Terminal.err("► installing Sluice v\(components.version) in \(components.namespace)")
        let installer = ComponentsInstaller(client: client)
        try await installer.apply(components, timeout: global.timeoutDuration)
        Terminal.err("◎ verifying installation")
        try await installer.waitForControllers(namespace: components.namespace, timeout: global.timeoutDuration)
        Terminal.err("✔ install finished")
    }
}
