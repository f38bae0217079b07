import ArgumentParser
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// `source-controller get gitrepositories [-A | -n NAMESPACE]`: the objects with their revision and Ready status.
struct SourceGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List objects with their revision and Ready status.")

    @Argument(help: "The kind: gitrepositories.")
    var kind: SourceKind

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List in every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace to list.")
    var namespace = "default"

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let api = try KubernetesClient(configuration: cluster.clientConfiguration(), logger: Logger(label: SourceController.name))
        let items = try await api.list(GitRepository.gvk, namespace: allNamespaces ? nil : namespace).items
        let rows = try items.map { try $0.decode(as: GitRepository.self) }
            .sorted { ($0.metadata.namespace ?? "", $0.metadata.name) < ($1.metadata.namespace ?? "", $1.metadata.name) }
            .map { StatusTable.Row($0, revision: $0.status?.artifact?.revision) }
        guard !rows.isEmpty else {
            print(allNamespaces ? "no GitRepositories found" : "no GitRepositories found in namespace \(namespace)")
            return
        }
        print(StatusTable(rows: rows, showNamespace: allNamespaces).render())
    }
}
