import ArgumentParser
import Foundation
import SluiceKube
import SluiceStore

/// Where a controller finds its cluster and the shared store: the flags `run` and every debugging command share.
public struct ClusterOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("kubeconfig"), help: "Path of a kubeconfig (default: $KUBECONFIG, then the in-cluster service account, then ~/.kube/config).")
    public var kubeconfig: String?

    @Option(name: .customLong("context"), help: "The kubeconfig context to use (default: its current context).")
    public var context: String?

    @Option(name: .customLong("kube-api-qps"), help: "The most requests per second to the Kubernetes API, on average.")
    public var kubeAPIQPS: Double = 50

    @Option(name: .customLong("kube-api-burst"), help: "The most requests to the Kubernetes API in a burst.")
    public var kubeAPIBurst: Int = 300

    @Option(name: .customLong("store"), help: "Path of the shared SQLite store (env SLUICE_STORE; default \(Store.defaultPath)).")
    public var storeOption: String?

    public init() {}

    public func validate() throws {
        guard kubeAPIQPS > 0, kubeAPIBurst >= 1 else {
            throw ValidationError("--kube-api-qps must be positive and --kube-api-burst at least 1")
        }
    }

    /// The client configuration these flags name, with their rate limits.
    public func clientConfiguration() throws -> ClientConfiguration {
        var configuration = try ClientConfiguration.load(kubeconfig: kubeconfig, context: context)
        configuration.qps = kubeAPIQPS
        configuration.burst = kubeAPIBurst
        return configuration
    }

    /// The store path: the flag, then `$SLUICE_STORE`, then the default.
    public var storePath: String {
        storeOption ?? ProcessInfo.processInfo.environment["SLUICE_STORE"] ?? Store.defaultPath
    }
}
