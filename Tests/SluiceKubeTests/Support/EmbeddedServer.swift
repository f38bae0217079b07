import Foundation
import SluiceKube
import SluiceTestSupport

/// `sluice cluster serve` started as a child process on a free loopback port, with a client for it.
final class EmbeddedServer: Sendable {
    let cluster: LocalCluster
    let client: KubernetesClient

    var process: Process { cluster.process }
    var dataDirectory: URL { cluster.directory }
    var kubeconfig: String { cluster.kubeconfig }

    private init(cluster: LocalCluster, client: KubernetesClient) {
        self.cluster = cluster
        self.client = client
    }

    /// Starts the server, waits until it serves, and builds a client from the kubeconfig it wrote.
    static func start() async throws -> EmbeddedServer {
        let cluster = try await LocalCluster(directory: try Fixtures.temporaryDirectory())
        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        return EmbeddedServer(cluster: cluster, client: client)
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }
}
