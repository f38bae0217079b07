import Foundation
import Synchronization

/// `sluice cluster serve` as a child process on a free loopback port and a fresh data directory.
public final class LocalCluster: Sendable {
    /// The server process.
    public let process: Process
    /// Its data directory (`cluster.db`, `kubeconfig`, `token`, `ca.crt`, …).
    public let directory: URL
    /// The port it listens on.
    public let port: Int
    /// The bearer token it requires.
    public let token: String
    private let output: Output

    /// The kubeconfig the server wrote.
    public var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }
    /// `https://127.0.0.1:PORT`.
    public var baseURL: String { "https://127.0.0.1:\(port)" }
    /// The cluster's CA certificate (PEM), which signed the serving certificate.
    public var caCertificate: URL { directory.appendingPathComponent("ca.crt") }
    /// What the server printed so far.
    public var stdout: String { output.text }

    /// Starts a server with `extra` arguments and waits for its `serving Kubernetes API on …` line.
    public init(_ extra: [String] = [], directory: URL? = nil, timeout: Duration = .seconds(30)) async throws {
        self.directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cluster-\(UUID().uuidString)")
        let executable = BuiltExecutables.url("sluice")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw LocalClusterError("\(executable.path) is not built; run `swift build` before `swift test`")
        }
        process = Process()
        process.executableURL = executable
        process.arguments = ["cluster", "serve", "--listen", "127.0.0.1:0", "--data", self.directory.path] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let output = Output()
        self.output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var port = 0
        while port == 0 {
            let text = output.text
            if let range = text.range(of: "serving Kubernetes API on https://127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
                break
            }
            if !process.isRunning || ContinuousClock.now > deadline {
                if process.isRunning { process.terminate() }
                throw LocalClusterError("sluice cluster serve did not start: \(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        self.port = port
        token = try String(contentsOf: self.directory.appendingPathComponent("token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server with SIGTERM and waits for it; removes its data unless `keepData`.
    public func stop(keepData: Bool = false) async {
        defer { if !keepData { try? FileManager.default.removeItem(at: directory) } }
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Stops the server with SIGKILL (for `defer`: nothing to keep, and the exit is immediate) and removes its data.
    public func stopNow() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    /// Bytes the server printed, shared with the pipe's readability handler.
    final class Output: Sendable {
        private let data = Mutex(Data())
        func append(_ more: Data) { data.withLock { $0.append(more) } }
        var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
    }
}

/// Why a local cluster could not be started.
public struct LocalClusterError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
