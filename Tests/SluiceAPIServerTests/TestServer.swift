import Foundation
import SluiceTestSupport
import Synchronization
import Testing

/// A `sluice cluster serve` child process on a fresh data directory, and `kubectl` pointed at it.
final class TestServer: Sendable {
    /// The server process and its data directory.
    let cluster: LocalCluster

    var process: Process { cluster.process }
    var directory: URL { cluster.directory }
    var port: Int { cluster.port }
    var token: String { cluster.token }
    var kubeconfig: String { cluster.kubeconfig }
    var baseURL: String { cluster.baseURL }
    var stdout: String { cluster.stdout }

    /// The directory holding the package's built executables.
    static var binDirectory: URL { BuiltExecutables.directory }
    /// The repository root, for `Config/`.
    static var repositoryRoot: URL { BuiltExecutables.repositoryRoot }
    /// `kubectl` on the PATH, if any.
    static var kubectl: String? { BuiltExecutables.kubectl }

    /// Starts a server with `extra` arguments (after short simulation and bookmark intervals) and waits until it serves.
    init(_ extra: [String] = [], directory: URL? = nil) async throws {
        cluster = try await LocalCluster(
            ["--simulate-delay", "200ms", "--watch-bookmark-interval", "300ms", "--log-level", "warning"] + extra,
            directory: directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("sluice-apiserver-\(UUID().uuidString)"))
    }

    /// Stops the server with SIGTERM and waits for it; removes its data unless `keepData`.
    func stop(keepData: Bool = false) async { await cluster.stop(keepData: keepData) }

    /// Stops the server with SIGTERM, waits for it and removes its data (for `defer`).
    func stopNow() { cluster.stopNow() }

    /// Runs kubectl against this server; returns status and combined output.
    @discardableResult
    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> (status: Int32, output: String) {
        guard let kubectl = Self.kubectl else { throw TestFailure("kubectl is not installed") }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: kubectl)
        child.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", directory.appendingPathComponent("kube-cache").path] + arguments
        child.currentDirectoryURL = Self.repositoryRoot
        let pipe = Pipe()
        child.standardOutput = pipe
        child.standardError = pipe
        let input = Pipe()
        child.standardInput = input
        let collected = OutputBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try child.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let deadline = ContinuousClock.now + .seconds(30)
        while child.isRunning {
            if ContinuousClock.now > deadline { child.terminate() }
            try await Task.sleep(for: .milliseconds(10))
        }
        try await Task.sleep(for: .milliseconds(20))
        pipe.fileHandleForReading.readabilityHandler = nil
        let rest = (try? pipe.fileHandleForReading.readToEnd()) ?? nil
        collected.append(rest ?? Data())
        let text = collected.text
        return (child.terminationStatus, text)
    }

    /// Starts kubectl in the background (for `get -w`); returns the process and its output so far.
    func background(_ arguments: [String]) throws -> (process: Process, output: @Sendable () -> String) {
        guard let kubectl = Self.kubectl else { throw TestFailure("kubectl is not installed") }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: kubectl)
        child.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", directory.appendingPathComponent("kube-cache").path] + arguments
        let pipe = Pipe()
        child.standardOutput = pipe
        child.standardError = pipe
        let collected = OutputBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try child.run()
        return (child, { collected.text })
    }

    /// kubectl that must succeed; returns its output.
    @discardableResult
    func ok(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await kubectl(arguments, stdin: stdin)
        #expect(result.status == 0, "kubectl \(arguments.joined(separator: " ")) failed: \(result.output)", sourceLocation: sourceLocation)
        return result.output
    }

    /// kubectl that must fail; returns its output.
    func fails(_ arguments: [String], stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await kubectl(arguments, stdin: stdin)
        #expect(result.status != 0, "kubectl \(arguments.joined(separator: " ")) should have failed: \(result.output)", sourceLocation: sourceLocation)
        return result.output
    }

    /// An HTTPS request (trusting the server's CA) with the bearer token, or without it when `token` is false,
    /// or with `authorization` as given.
    func http(_ method: String, _ path: String, body: Data? = nil, contentType: String = "application/json",
              token: Bool = true, authorization: LocalCluster.Authorization? = nil) async throws -> (status: Int, body: Data)
    {
        try await cluster.http(method, path, body: body, contentType: contentType, authorization: authorization ?? (token ? .token : .none))
    }

    /// The JSON object in `data`.
    static func json(_ data: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// A test precondition that failed.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Bytes a pipe delivered, shared with its readability handler.
final class OutputBuffer: Sendable {
    private let data = Mutex(Data())
    func append(_ more: Data) { data.withLock { $0.append(more) } }
    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
}
