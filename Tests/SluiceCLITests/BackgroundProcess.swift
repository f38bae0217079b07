import Foundation
import SluiceTestSupport
import Synchronization

/// A built executable of this package running in the background (a controller), its output collected.
final class BackgroundProcess: Sendable {
    private let process: Process
    private let errors = OutputBuffer()
    private let output = OutputBuffer()

    /// Bytes a pipe delivered, shared with its readability handler.
    final class OutputBuffer: Sendable {
        private let data = Mutex(Data())
        func append(_ more: Data) { data.withLock { $0.append(more) } }
        var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
    }

    /// Starts `tool` with `arguments`, keeping what it prints.
    init(_ tool: String, _ arguments: [String]) throws {
        let executable = BuiltExecutables.url(tool)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw BackgroundProcessError(description: "\(executable.path) is not built; run `swift build` before `swift test`")
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in output.append(handle.availableData) }
        stderr.fileHandleForReading.readabilityHandler = { [errors] handle in errors.append(handle.availableData) }
        try process.run()
    }

    /// What it printed on standard output so far.
    var stdout: String { output.text }

    /// What it printed on standard error so far.
    var stderr: String { errors.text }

    /// Sends `signal`.
    func signal(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }

    /// Waits for it to exit (polling, so no thread is held); kills it and throws after `timeout`.
    func wait(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                kill()
                throw BackgroundProcessError(description: "did not exit within \(timeout); stderr:\n\(stderr)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // Let the readability handlers drain the pipes.
        try await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    /// Kills it at once (for `defer`).
    func kill() { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }

    deinit { kill() }
}
