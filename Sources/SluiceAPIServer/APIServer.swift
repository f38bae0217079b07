import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOCore
import Synchronization

/// The embedded Kubernetes-API-compatible server behind `sluice cluster serve`.
///
/// Serves the Kubernetes REST API over HTTPS on loopback from a SQLite
/// database in the data directory, writes a kubeconfig next to it (the CA's
/// certificate and the bearer token), and simulates workload status (there is
/// no kubelet: nothing runs). The data directory and every file in it are
/// owner-only (`0700`/`0600`).
public struct APIServer: Sendable {
    /// How the server runs.
    public var configuration: APIServerConfiguration
    private let logger: Logger

    /// A server; nothing happens until ``run(onReady:)``.
    public init(configuration: APIServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Serves until SIGTERM or SIGINT.
    ///
    /// - Parameter onReady: called once listening, with the server's URL (`https://127.0.0.1:PORT`, no credentials
    ///   in it) and the kubeconfig's path.
    public func run(onReady: @escaping @Sendable (_ server: String, _ kubeconfig: String) -> Void) async throws {
        let directory = configuration.dataDirectory
        let data = try DataDirectory(preparing: directory)
        let lock = try DataDirectoryLock(directory: directory)
        try data.restrict("cluster.lock")  // an older Sluice made it 0644
        let database = try ClusterDatabase(path: try data.prepareDatabase("cluster.db"))
        let loaded = try database.load()
        let cluster = Cluster(
            resourceVersion: loaded.resourceVersion,
            simulation: .init(enabled: configuration.simulate, delay: configuration.simulateDelay),
            logger: logger)
        let token = try Kubeconfig.token(in: data)
        let certificates = try ServingCertificates.prepare(in: data, host: configuration.host)
        let serviceAccountTokens = try ServiceAccountTokens.prepare(in: data)
        let serviceAccounts = ServiceAccountController(tokens: serviceAccountTokens, caPEM: certificates.caPEM)
        await cluster.restore(loaded.objects)
        await cluster.seed()
        // What the controllers would add at once is there before the first request: the namespaces' default
        // ServiceAccounts and kube-root-ca.crt ConfigMaps.
        await cluster.reconcileServiceAccounts(serviceAccounts)
        if let seeded = await cluster.takeBatch() {
            try await database.write(seeded.changes, resourceVersion: seeded.resourceVersion)
            await cluster.committed(seeded)
        }
        let kubeconfigPath = data.file("kubeconfig")
        if !ServingCertificates.loopbackNames.contains(configuration.host) {
            logger.warning("listening on \(configuration.host), not loopback: other hosts can reach the API (HTTPS; every request but /healthz, /livez, /readyz and /version needs the kubeconfig's token)")
        }
        if configuration.simulate {
            logger.notice("there is no kubelet: workload status is simulated after \(configuration.simulateDelay) (--no-simulate turns it off)")
        } else {
            logger.notice("there is no kubelet and status simulation is off: workloads never become ready")
        }
        let authenticator = Authenticator(adminToken: BearerToken(token), serviceAccountTokens: serviceAccountTokens,
                                          clientCertificates: try ClientCertificates(caPEM: certificates.caPEM))
        let address = ServerAddress("\(configuration.host):\(configuration.port)")
        let responder = APIResponder(cluster: cluster, authenticator: authenticator,
                                     authorizer: Authorizer(cluster: cluster), address: address,
                                     bookmarkInterval: configuration.bookmarkInterval,
                                     watchLimit: WatchLimit(maximum: configuration.maxWatches), logger: logger)
        var quietLogger = logger
        quietLogger.logLevel = max(logger.logLevel, .notice)
        let serverLogger = quietLogger
        let host = configuration.host
        let application = Application(
            responder: responder,
            server: try .tls(.http1(), tlsConfiguration: try certificates.tlsConfiguration(clientCertificates: true)),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "sluice-apiserver"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                address.set("\(host):\(port)")
                let server = Kubeconfig.serverURL(host: host, port: port)
                do {
                    try data.write(Kubeconfig.yaml(server: server, caPEM: certificates.caPEM, token: token), to: "kubeconfig")
                } catch {
                    serverLogger.error("cannot write \(kubeconfigPath): \(error)")
                }
                onReady(server, kubeconfigPath)
            },
            logger: serverLogger)

        let committer = Task { await Self.commitWrites(cluster, database) }
        let controllers = Task { await serviceAccounts.run(cluster) }
        let simulator = Task {
            while !Task.isCancelled {
                let next = await cluster.runSimulation()
                let wait = next.map { min(max($0 - .now, .milliseconds(5)), .milliseconds(200)) } ?? .milliseconds(100)
                try? await Task.sleep(for: wait)
            }
        }
        // End open watches at a shutdown signal, so that graceful shutdown does not wait for them.
        let signalQueue = DispatchQueue(label: "sluice.apiserver.signals")
        let sources = [SIGTERM, SIGINT].map { signalNumber -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: signalQueue)
            source.setEventHandler { Task { await cluster.stopAllWatches() } }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try await application.runService()
        } catch {
            simulator.cancel()
            controllers.cancel()
            await controllers.value
            await cluster.closeDoorbell()
            await committer.value
            throw error
        }
        simulator.cancel()
        controllers.cancel()
        await controllers.value
        await cluster.stopAllWatches()
        await cluster.closeDoorbell()
        await committer.value
        withExtendedLifetime(lock) {}
        logger.notice("stopped")
    }

    /// The committer: whenever writes are pending, commits them as one transaction (group commit: the requests
    /// that arrive while one batch is being written form the next); ends when the cluster's doorbell is closed and
    /// nothing is left.
    static func commitWrites(_ cluster: Cluster, _ database: ClusterDatabase) async {
        for await _ in cluster.writes { await commitPending(cluster, database) }
        await commitPending(cluster, database)
    }

    /// Commits batches until nothing is pending; a batch that fails is undone (see ``Cluster/failed(_:error:)``).
    static func commitPending(_ cluster: Cluster, _ database: ClusterDatabase) async {
        while let batch = await cluster.takeBatch() {
            do {
                try await database.write(batch.changes, resourceVersion: batch.resourceVersion)
                await cluster.committed(batch)
            } catch {
                await cluster.failed(batch, error: error)
            }
        }
    }
}
