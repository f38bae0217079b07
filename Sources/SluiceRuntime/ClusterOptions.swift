import ArgumentParser
import Foundation
import SluiceStore

/// Where a controller finds its cluster and the shared store: the flags `run` and every debugging command share.
public struct ClusterOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("kubeconfig"), help: "Path of a kubeconfig (default: $KUBECONFIG, then the in-cluster service account, then ~/.kube/config).")
    public var kubeconfig: String?

    @Option(name: .customLong("context"), help: "The kubeconfig context to use (default: its current context).")
    public var context: String?

    @Option(name: .customLong("store"), help: "Path of the shared SQLite store (env SLUICE_STORE; default \(Store.defaultPath)).")
    public var storeOption: String?

    public init() {}

    /// The store path: the flag, then `$SLUICE_STORE`, then the default.
    public var storePath: String {
        storeOption ?? ProcessInfo.processInfo.environment["SLUICE_STORE"] ?? Store.defaultPath
    }
}
