import Foundation
import SluiceCore
import SluiceKube

/// What `sluice up` prints once everything is Ready: the status table, what the Kustomization applied, and how to
/// reach it all (kubeconfig, webhook URL, logs).
struct UpSummary {
    /// The repository being synced.
    struct Source {
        /// The Git URL.
        var url: String
        /// The branch.
        var branch: String
        /// Its directory, when it is a local repository (to say where to commit).
        var localPath: String?
    }

    var directory: UpDataDirectory
    /// The notification-controller's receiver address (`host:port`).
    var receiver: String
    var source: Source
    /// The namespace of the sync objects.
    var namespace: String
    var elapsed: Duration
    /// Whether everything keeps running (not `--once`): then it says what to try next.
    var staysUp: Bool

    /// Prints the summary of `ready` on stdout.
    func print(_ ready: [(FluxKind, KubeObject)], client: KubernetesClient) async throws {
        Terminal.err("✔ all \(ready.count) objects are ready (\(String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))s)")
        Terminal.out("")
        GetCommand.printTables(ready.map { ($0.0, [$0.1]) }, showNamespace: true, headings: true)
        if let kustomization = ready.first(where: { $0.0 == .kustomization })?.1 {
            let inventory = TreeCommand.inventory(of: kustomization)
            Terminal.out("")
            Terminal.out("applied by Kustomization \(namespace)/\(kustomization.name) (\(inventory.count) objects):")
            for entry in inventory {
                Terminal.out("  \(entry.kind) " + (entry.namespace.isEmpty ? entry.name : "\(entry.namespace)/\(entry.name)"))
            }
        }
        let webhookPath = ready.first { $0.0 == .receiver }?.1["status", "webhookPath"]?.stringValue ?? ""
        let webhook = "http://\(receiver)\(webhookPath)"
        let kubeconfig = directory.kubeconfig.path
        let sluice = LocalControlPlane.executableDirectory.appendingPathComponent("sluice").path
        Terminal.out("""

            kubeconfig:  \(kubeconfig)
            store:       \(directory.store.path)
            webhook:     \(webhook)
            logs:        \(directory.url.path)/logs
            """)
        if let local = source.localPath { Terminal.out("repository:  \(local) (branch \(source.branch))") }
        guard staysUp else { return }
        Terminal.out("""

            try, in another terminal:
              export KUBECONFIG=\(kubeconfig) SLUICE_STORE=\(directory.store.path)
              kubectl get all -A
              \(sluice) get all -n \(namespace)
            """)
        if let local = source.localPath {
            Terminal.out("  git -C \(local) commit -am 'a change' && curl -X POST \(webhook)   # fetched and applied at once")
        } else {
            Terminal.out("  curl -X POST \(webhook)   # fetch \(source.url) now, as a push webhook would")
        }
    }
}
