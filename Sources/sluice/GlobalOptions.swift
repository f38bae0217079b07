import ArgumentParser
import Foundation
import SluiceCore
import SluiceKube
import SluiceRuntime

/// The flags every cluster-facing verb shares: where the cluster and the store are, which namespace, how long to wait.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace (default: the kubeconfig context's, else flux-system's convention 'default').")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "All namespaces.")
    var allNamespaces = false

    @Option(name: .customLong("timeout"), help: "How long to wait for the cluster and for reconciliations (Go duration).")
    var timeout: String = "5m"

    func validate() throws {
        guard GoDuration(timeout).map({ $0.nanoseconds > 0 }) == true else {
            throw ValidationError("invalid --timeout '\(timeout)': expected a duration such as 30s or 5m")
        }
    }

    /// `--timeout` as a duration.
    var timeoutDuration: Duration { GoDuration(timeout)?.duration ?? .seconds(300) }

    /// A client for the cluster the flags name.
    func client() throws -> KubernetesClient {
        do {
            return try KubernetesClient(configuration: cluster.clientConfiguration())
        } catch {
            throw CLIError("cannot load the cluster configuration: \(error)",
                           hint: "pass --kubeconfig PATH or set KUBECONFIG (sluice cluster serve writes DIR/kubeconfig)")
        }
    }

    /// The namespace to act in: `-n`, then the client's default.
    func namespace(for client: KubernetesClient) -> String {
        namespace ?? client.configuration.namespace
    }

    /// The namespace to list in: `nil` with `-A`.
    func listNamespace(for client: KubernetesClient) -> String? {
        allNamespaces ? nil : namespace(for: client)
    }
}
