import ArgumentParser
import Foundation
import SluiceCore
import SluiceStore

/// The flags every controller's `run` takes, named as Flux's controllers name them.
public struct ControllerOptions: ParsableArguments, Sendable {
    @OptionGroup public var cluster: ClusterOptions

    @Option(name: .customLong("concurrent"), help: "The number of objects reconciled at once.")
    public var concurrent: Int = 4

    @Option(name: .customLong("metrics-addr"), help: "Where to serve Prometheus metrics (host:port; ':port' is loopback).")
    public var metricsAddress: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080)

    @Option(name: .customLong("health-addr"), help: "Where to serve /healthz and /readyz (host:port; ':port' is loopback).")
    public var healthAddress: ListenAddress = ListenAddress(host: "127.0.0.1", port: 9440)

    @Option(name: .customLong("min-retry-delay"), help: "The first delay before retrying a failed reconcile.")
    public var minRetryDelay: String = "750ms"

    @Option(name: .customLong("max-retry-delay"), help: "The longest delay between retries of a failed reconcile.")
    public var maxRetryDelay: String = "15m"

    @Option(name: .customLong("interval-jitter-percentage"), help: "How much spec.interval may vary, in percent (0-99).")
    public var intervalJitterPercentage: Double = 5

    @Option(name: .customLong("watch-namespace"), help: "Watch only this namespace (default: all namespaces).")
    public var watchNamespace: String?

    @OptionGroup public var leaderElection: LeaderElectionOptions

    @OptionGroup public var log: LogOptions

    public init() {}

    public func validate() throws {
        guard concurrent >= 1 else { throw ValidationError("--concurrent must be at least 1, got \(concurrent)") }
        guard (0..<100).contains(intervalJitterPercentage) else {
            throw ValidationError("--interval-jitter-percentage must be from 0 to 99, got \(intervalJitterPercentage)")
        }
        for (flag, value) in [("--min-retry-delay", minRetryDelay), ("--max-retry-delay", maxRetryDelay)] where GoDuration(value) == nil {
            throw ValidationError("invalid \(flag) '\(value)': expected a duration such as 750ms, 30s or 15m")
        }
    }

    /// The store path: the flag, then `$SLUICE_STORE`, then the default.
    public var storePath: String { cluster.storePath }

    /// The controller settings these flags describe.
    public var settings: ControllerSettings {
        ControllerSettings(
            concurrency: concurrent,
            backoff: Backoff(base: (GoDuration(minRetryDelay) ?? .seconds(0.75)).duration,
                             cap: (GoDuration(maxRetryDelay) ?? .minutes(15)).duration),
            intervalJitterPercent: intervalJitterPercentage,
            namespace: watchNamespace)
    }
}
