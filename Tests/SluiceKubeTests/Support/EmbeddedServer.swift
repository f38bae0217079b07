import Foundation
import Synchronization
import SluiceKube

/// `sluice cluster serve` started as a child process on a free loopback port, with a client for it.
final class EmbeddedServer: Sendable {
    let process: Process
    let dataDirectory: URL
    let kubeconfig: String
    let client: KubernetesClient

    private init(process: Process, dataDirectory: URL, kubeconfig: String, client: KubernetesClient) {
        self.process = process
        self.dataDirectory = dataDirectory
        self.kubeconfig = kubeconfig
        self.client = client
    }

    /// Starts the server and waits for `serving Kubernetes API on http://127.0.0.1:PORT (kubeconfig: DIR/kubeconfig)`.
    static func start() async throws -> EmbeddedServer {
        let data = try Fixtures.temporaryDirectory()
        let process = Process()
        process.executableURL = ServerAvailable.sluice
        process.arguments = ["cluster", "serve", "--listen", "127.0.0.1:0", "--data", data.path]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let output = Mutex("")
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            output.withLock { $0 += chunk }
        }
        try process.run()
        for _ in 0..<1500 {
            let text = output.withLock { $0 }
            if let line = text.split(separator: "\n").first(where: { $0.contains("serving Kubernetes API on") }),
               let open = line.range(of: "(kubeconfig: "), let close = line.lastIndex(of: ")")
            {
                let kubeconfig = String(line[open.upperBound..<close])
                let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: kubeconfig, environment: .init(variables: [:])))
                return EmbeddedServer(process: process, dataDirectory: data, kubeconfig: kubeconfig, client: client)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        throw EmbeddedServerError(output: output.withLock { $0 })
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    struct EmbeddedServerError: Error, CustomStringConvertible {
        var output: String
        var description: String { "sluice cluster serve did not report readiness; output:\n\(output)" }
    }
}
