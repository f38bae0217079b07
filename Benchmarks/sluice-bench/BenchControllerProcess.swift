import Foundation
import SluiceTestSupport

/// A controller executable started for a benchmark, its output discarded.
enum BenchControllerProcess {
    /// Starts `name run` against `cluster` and `store` with the client rate limit `qps`, kernel-chosen metrics and
    /// health ports, errors-only logging and `extra` flags.
    static func start(_ name: String, cluster: LocalCluster, store: String, qps: Int, _ extra: [String]) throws -> Process {
        let process = Process()
        process.executableURL = BuiltExecutables.url(name)
        process.arguments = ["run", "--kubeconfig", cluster.kubeconfig, "--store", store, "--metrics-addr", "127.0.0.1:0",
                             "--health-addr", "127.0.0.1:0", "--kube-api-qps", "\(qps)", "--log-level", "error"] + extra
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
