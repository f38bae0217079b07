import ArgumentParser
import Foundation
import SluiceCore
import SluiceKube
import SluiceRuntime

/// The flags every cluster-facing verb shares: where the cluster and the store are, which namespace, how long to wait.
struct GlobalOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions

    @Option(name: [.customShort("n"), .customLong("namespace")],
            help: "The namespace (default: $FLUX_SYSTEM_NAMESPACE, else flux-system, as the flux CLI).")
    var namespace: String?

    @Flag(name: .customLong("ns-follows-kube-context"),
          help: "Without -n, use the kubeconfig context's namespace instead of flux-system (also $FLUX_NS_FOLLOWS_KUBE_CONTEXT).")
    var namespaceFollowsKubeContext = false

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "All namespaces.")
    var allNamespaces = false

    @Option(name: .customLong("timeout"), help: "How long to wait for the cluster and for reconciliations (Go duration).")
    var timeout: String = "5m"

    func validate() throws {
        guard GoDuration(timeout).map({ $0.nanoseconds > 0 }) == true else {
            throw ValidationError("invalid --timeout '\(timeout)': expected a duration such as 30s or 5m")
        }
        if let namespace, !DNSName.isLabel(namespace) {
            throw ValidationError("namespace must be a valid DNS label: '\(namespace)'")
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

    /// The namespace to act in, as the flux CLI chooses it: `-n`; else, with `--ns-follows-kube-context` (or
    /// `$FLUX_NS_FOLLOWS_KUBE_CONTEXT`), the kubeconfig context's; else `$FLUX_SYSTEM_NAMESPACE` when it is a valid DNS
    /// label; else `flux-system`. Never the kubeconfig's namespace by default: Flux's objects live in `flux-system`.
    func namespace(for client: KubernetesClient) -> String {
        namespace(context: client.configuration.namespace)
    }

    /// The namespace to act in (see ``namespace(for:)``), with the kubeconfig context's namespace read only when asked for.
    func namespace(context: @autoclosure () -> String?) -> String {
        if let namespace { return namespace }
        let environment = ProcessInfo.processInfo.environment
        if namespaceFollowsKubeContext || !(environment["FLUX_NS_FOLLOWS_KUBE_CONTEXT"] ?? "").isEmpty,
           let context = context(), !context.isEmpty {
            return context
        }
        return Self.defaultNamespace(environment: environment)
    }

    /// The namespace to act in for a verb that reads only the store: the kubeconfig is read only for
    /// `--ns-follows-kube-context`.
    func namespaceWithoutCluster() -> String {
        namespace(context: (try? client())?.configuration.namespace)
    }

    /// The namespace when neither `-n` nor the kubeconfig context decides: `$FLUX_SYSTEM_NAMESPACE` when it is a
    /// valid DNS label (an invalid one is ignored with a warning, as the flux CLI does), else `flux-system`.
    static func defaultNamespace(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let value = environment["FLUX_SYSTEM_NAMESPACE"], !value.isEmpty else { return fluxSystemNamespace }
        guard DNSName.isLabel(value) else {
            Terminal.err("⚠️ ignoring invalid FLUX_SYSTEM_NAMESPACE: \(GoQuote.quote(value))")
            return fluxSystemNamespace
        }
        return value
    }

    /// Flux's namespace, `flux-system`.
    static let fluxSystemNamespace = "flux-system"

    /// The namespace to list in: `nil` with `-A`.
    func listNamespace(for client: KubernetesClient) -> String? {
        allNamespaces ? nil : namespace(for: client)
    }
}
