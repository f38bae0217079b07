import ArgumentParser
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// `kustomize-controller get kustomizations [-A | -n NAMESPACE]`: the Kustomizations with their applied revision and Ready status.
struct KustomizeGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List Kustomizations with their revision and Ready status.")

    @Argument(help: "The kind: kustomizations.")
    var kind: KustomizationKind

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List in every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace to list.")
    var namespace = "default"

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let api = try KubernetesClient(configuration: cluster.clientConfiguration(), logger: Logger(label: KustomizeController.name))
        let items = try await api.list(Kustomization.gvk, namespace: allNamespaces ? nil : namespace).items
        let rows = try items.map { try $0.decode(as: Kustomization.self) }
            .sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
            .map { StatusTable.Row($0, revision: $0.status?.lastAppliedRevision) }
        guard !rows.isEmpty else {
            print(allNamespaces ? "no Kustomizations found" : "no Kustomizations found in namespace \(namespace)")
            return
        }
        print(StatusTable(rows: rows, showNamespace: allNamespaces).render())
    }
}
