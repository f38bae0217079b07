import SluiceCore
import ArgumentParser
import Logging
import SluiceAPI
import SluiceKube
import SluiceRuntime

/// `notification-controller receiver url NAMESPACE/NAME [--base-url URL]`: the full hook URL to paste into GitHub or GitLab.
struct ReceiverURLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "url", abstract: "Print a Receiver's full webhook URL.")

    @Argument(help: "The Receiver, NAMESPACE/NAME (or NAME in default).")
    var receiver: String

    @Option(name: .customLong("base-url"), help: "Where the receiver server is reached from outside (default: http://<--receiver-addr>).")
    var baseURL: String?

    @Option(name: .customLong("receiver-addr"), help: "The address the controller serves receivers on.")
    var receiverAddress: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9292)

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let parts = receiver.split(separator: "/").map(String.init)
        let (namespace, name) = parts.count == 2 ? (parts[0], parts[1]) : ("default", receiver)
        let api = try KubernetesClient(kubeconfig: cluster.kubeconfig, context: cluster.context, logger: Logger(label: NotificationController.name))
        guard let raw = try await api.get(Receiver.gvk, namespace: namespace, name: name) else {
            throw ValidationError("Receiver \(namespace)/\(name) not found")
        }
        let object = try raw.decode(as: Receiver.self)
        guard let path = object.status?.webhookPath, !path.isEmpty else {
            throw ValidationError("Receiver \(namespace)/\(name) has no webhook path yet (is the notification-controller running?)")
        }
        var base = baseURL ?? "http://\(receiverAddress)"
        while base.hasSuffix("/") { base.removeLast() }
        print(base + path)
    }
}
