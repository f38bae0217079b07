import Logging
import ServiceLifecycle
import SluiceCore
import SluiceKube
import SluiceStore
import UnixSignals

/// Runs one controller process: opens the shared store, serves metrics and health, runs the controllers (once elected
/// leader, unless `--disable-leader-election`), and stops gracefully on SIGTERM or SIGINT.
public struct ControllerProcess {
    /// What the services of a process are built from.
    public struct Parts: Sendable {
        /// The Kubernetes API.
        public let api: any KubernetesAPI
        /// The shared store.
        public let store: Store
        /// The process's metrics.
        public let metrics: ControllerMetrics
        /// Events to the store.
        public let events: EventRecorder
        /// The process logger.
        public let logger: Logger
        /// The controller settings from the flags.
        public let settings: ControllerSettings

        /// Connects to the cluster and opens the store the flags name (for `run` and for debugging commands).
        ///
        /// - Throws: a kubeconfig error or a store error (a corrupt or foreign file is named and left untouched).
        public static func open(name: String, cluster: ClusterOptions, settings: ControllerSettings = ControllerSettings(),
                                metrics: ControllerMetrics = ControllerMetrics(), logger: Logger) throws -> Parts
        {
            let store = try Store(path: cluster.storePath)
            var configuration = try cluster.clientConfiguration()
            // As client-go's default: the process's name and version, so the API server's metrics tell the controllers apart.
            configuration.userAgent = "\(name)/\(SluiceVersion.current)"
            let api = try KubernetesClient(configuration: configuration, logger: logger)
            return Parts(api: api, store: store, metrics: metrics, events: EventRecorder(store: store, controller: name, logger: logger),
                         logger: logger, settings: settings)
        }
    }

    /// Runs `name` with `options` until a signal; `services` builds the controllers from the opened store.
    ///
    /// - Throws: a store error at start-up (a corrupt or foreign file is named and left untouched), or a service's failure.
    public static func run(name: String, options: ControllerOptions, services makeServices: (Parts) throws -> [any Service]) async throws {
        options.log.bootstrap()
        let logger = {
            var logger = Logger(label: name)
            logger.logLevel = options.log.logLevel
            return logger
        }()
        let metrics = ControllerMetrics()
        let health = HealthState()
        let parts = try Parts.open(name: name, cluster: options.cluster, settings: options.settings, metrics: metrics, logger: logger)
        let store = parts.store
        let controllers = try makeServices(parts)
        var services: [any Service] = [
            ObservabilityServer(address: options.metricsAddress, flag: "--metrics-addr", metrics: metrics, health: health, logger: logger) { port in
                logger.info("serving metrics", metadata: ["address": "\(options.metricsAddress.host):\(port)"])
            },
        ]
        if options.healthAddress != options.metricsAddress || options.healthAddress.port == 0 {
            services.append(ObservabilityServer(address: options.healthAddress, flag: "--health-addr", metrics: metrics, health: health, logger: logger) { port in
                logger.info("serving health probes", metadata: ["address": "\(options.healthAddress.host):\(port)"])
                health.setReady(true)
            })
        } else {
            health.setReady(true)
        }
        if options.leaderElection.enabled {
            // The elector gets a client of its own, as controller-runtime's: renewals never wait behind reconciles in the rate limiter.
            var configuration = try options.cluster.clientConfiguration()
            configuration.userAgent = "\(name)/\(SluiceVersion.current)/leader-election"
            let elector = LeaderElector(client: try KubernetesClient(configuration: configuration, logger: logger),
                                        configuration: options.leaderElection.configuration(controller: name), metrics: metrics, logger: logger)
            services.append(LeaderElectedServices(elector: elector, services: controllers, logger: logger))
        } else {
            services += controllers
        }
        logger.info("starting \(name)", metadata: ["store": "\(store.path)", "controllers": "\(controllers.count)",
                                                   "leaderElection": "\(options.leaderElection.enabled)"])
        let group = ServiceGroup(configuration: .init(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        logger.info("stopped \(name)")
    }
}
