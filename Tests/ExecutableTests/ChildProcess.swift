import Foundation
import SluiceTestSupport
import Synchronization
import Testing

/// A built executable of this package started as a child process, with its output collected.
final class ChildProcess: Sendable {
    let process: Process
    private let output = OutputBuffer()
    private let errors = OutputBuffer()

    /// Bytes a pipe delivered, shared with its readability handler.
    final class OutputBuffer: Sendable {
        let data = Mutex(Data())
        func append(_ more: Data) { data.withLock { $0.append(more) } }
        var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }
    }

    /// The directory holding the package's built executables.
    static var binDirectory: URL { BuiltExecutables.directory }

    /// Starts `tool` with `arguments`.
    init(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let executable = Self.binDirectory.appendingPathComponent(tool)
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ChildProcessError("\(executable.path) is not built; run `swift build` before `swift test`")
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            output.append(handle.availableData)
        }
        stderr.fileHandleForReading.readabilityHandler = { [errors] handle in
            errors.append(handle.availableData)
        }
        try process.run()
    }

    /// Runs `tool` to completion and returns its exit status and output.
    static func run(_ tool: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws -> (status: Int32, stdout: String, stderr: String) {
        let child = try ChildProcess(tool, arguments)
        let status = try await child.wait(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }

    var stdout: String { output.text }
    var stderr: String { errors.text }

    /// Sends `signal` to the child.
    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit; kills it and throws after `timeout`.
    func wait(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            if clock.now > deadline {
                signal(SIGKILL)
                throw ChildProcessError("\(process.executableURL?.lastPathComponent ?? "child") did not exit within \(timeout); stderr:\n\(stderr)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the readability handlers drain what is left in the pipes.
        try await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

struct ChildProcessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
