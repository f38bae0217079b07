import Foundation
import ArgumentParser
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// `notification-controller get alerts|providers|receivers [-A | -n NAMESPACE]`.
struct NotificationGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List Alerts, Providers or Receivers.")

    @Argument(help: "The kind: alerts, providers or receivers.")
    var kind: NotificationKind

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List in every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace to list.")
    var namespace = "default"

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let api = try KubernetesClient(configuration: cluster.clientConfiguration(), logger: Logger(label: NotificationController.name))
        let scope = allNamespaces ? nil : namespace
        var lines: [[String]] = []
        switch kind {
        case .alerts:
            lines.append(["NAME", "PROVIDER", "SEVERITY", "SOURCES", "SUSPENDED"])
            for alert in try await api.list(Alert.gvk, namespace: scope).items.map({ try $0.decode(as: Alert.self) }) {
                let sources = alert.spec.eventSources.map { "\($0.kind)/\($0.namespace.map { "\($0)/" } ?? "")\($0.name)" }.joined(separator: ",")
                lines.append([Self.name(alert.metadata), alert.spec.providerRef.name, alert.spec.eventSeverity ?? "info", sources,
                              alert.spec.suspend == true ? "True" : "False"])
            }
        case .providers:
            lines.append(["NAME", "TYPE", "ADDRESS", "SUSPENDED"])
            for provider in try await api.list(Provider.gvk, namespace: scope).items.map({ try $0.decode(as: Provider.self) }) {
                let address = provider.spec.address ?? (provider.spec.secretRef.map { "(secret \($0.name))" } ?? "")
                lines.append([Self.name(provider.metadata), provider.spec.type, address, provider.spec.suspend == true ? "True" : "False"])
            }
        case .receivers:
            let receivers = try await api.list(Receiver.gvk, namespace: scope).items.map { try $0.decode(as: Receiver.self) }
            let rows = receivers.map { StatusTable.Row($0, revision: $0.status?.webhookPath) }
            guard !rows.isEmpty else {
                print("no Receivers found" + (allNamespaces ? "" : " in namespace \(namespace)"))
                return
            }
            print(StatusTable(rows: rows, showNamespace: allNamespaces).render())
            return
        }
        guard lines.count > 1 else {
            print("no \(kind.rawValue) found" + (allNamespaces ? "" : " in namespace \(namespace)"))
            return
        }
        print(Self.render(lines))
    }

    /// `namespace/name` with `-A`, else the name.
    private static func name(_ metadata: ObjectMeta) -> String { "\(metadata.namespace ?? "")/\(metadata.name)" }

    /// Columns padded with spaces.
    static func render(_ lines: [[String]]) -> String {
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
