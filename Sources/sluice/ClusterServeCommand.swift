import ArgumentParser
import Foundation
import Logging
import SluiceAPIServer
import SluiceCore
import SluiceRuntime

/// `sluice cluster serve`: serves the Kubernetes API from a SQLite database until SIGTERM/SIGINT.
struct ClusterServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Kubernetes API over HTTPS on loopback from DIR/cluster.db.",
        discussion: """
            Writes DIR/kubeconfig (the cluster's CA and a bearer token, context 'sluice') and prints one line when ready:
              serving Kubernetes API on https://127.0.0.1:PORT (kubeconfig: DIR/kubeconfig)

            The CA (DIR/ca.crt, DIR/ca.key) is made on the first start and kept, so a kubeconfig stays valid
            across restarts. DIR is made 0700 and every file in it 0600. Every request needs the token,
            except /healthz, /livez, /readyz and /version (public in Kubernetes too).

            There is no kubelet: nothing runs. Deployments, StatefulSets, DaemonSets,
            ReplicaSets and Jobs get the status a healthy cluster reports after
            --simulate-delay; the annotation 'sluice.dev/simulate: fail' makes an object
            report failure; --no-simulate turns simulation off.
            """)

    @Option(name: .customLong("listen"), help: "host:port to listen on; port 0 picks a free one. Loopback only unless a host is named.")
    var listen = ListenAddress(host: "127.0.0.1", port: 6443)

    @Option(name: .customLong("data"), help: "Directory for cluster.db, kubeconfig, token, the CA and serving keys, and the lock file.")
    var data: String = ".sluice/cluster"

    @Option(name: .customLong("simulate-delay"), help: "Delay before simulated workload status appears (Go duration, e.g. 500ms).")
    var simulateDelay: String = "500ms"

    @Flag(name: .customLong("no-simulate"), help: "Do not simulate workload status.")
    var noSimulate = false

    @Option(name: .customLong("max-watches"), help: "The most watches open at once; beyond it a watch gets 429 Too Many Requests with Retry-After.")
    var maxWatches = 1000

    @Option(name: .customLong("watch-bookmark-interval"), help: .hidden)
    var bookmarkInterval: String = "5s"

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard maxWatches > 0 else { throw ValidationError("invalid --max-watches \(maxWatches): it must be at least 1") }
        guard GoDuration(bookmarkInterval).map({ $0.nanoseconds > 0 }) == true else {
            throw ValidationError("invalid --watch-bookmark-interval '\(bookmarkInterval)'")
        }
        guard GoDuration(simulateDelay) != nil else {
            throw ValidationError("invalid --simulate-delay '\(simulateDelay)': expected a duration such as 500ms or 2s")
        }
    }

    func run() async throws {
        log.bootstrap()
        let logger = Logger(label: "sluice.apiserver")
        let directory = URL(fileURLWithPath: data).standardizedFileURL.path
        let server = APIServer(
            configuration: .init(host: listen.host, port: listen.port, dataDirectory: directory, simulate: !noSimulate,
                                 simulateDelay: GoDuration(simulateDelay)?.duration ?? .milliseconds(500),
                                 bookmarkInterval: GoDuration(bookmarkInterval)?.duration ?? .seconds(5), maxWatches: maxWatches),
            logger: logger)
        do {
            try await ListenerError.naming(flag: "--listen", address: listen) {
                try await server.run { url, kubeconfig in
                    let line = "serving Kubernetes API on \(url) (kubeconfig: \(kubeconfig))\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            }
        } catch let error as APIServerError {
            throw ValidationError(error.description)
        }
    }
}
