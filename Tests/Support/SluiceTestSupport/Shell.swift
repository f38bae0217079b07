import Foundation

/// Runs commands to completion for test set-up (git, openssl, ssh-keygen), capturing their output.
public enum Shell {
    /// Runs `executable` (a path, or a name looked up on the PATH) with `arguments`; returns its standard output.
    ///
    /// Async, and waiting without holding a thread: tests run in parallel on a cooperative pool as wide as
    /// the machine has cores (two here), and a blocking wait would stall every other test.
    /// - Throws: `ShellError` when it cannot start or exits non-zero (with its standard error).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:], input: Data? = nil) async throws -> String {
        let result = try await execute(executable, arguments, in: directory, environment: environment, input: input)
        guard result.status == 0 else {
            throw ShellError(description: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)")
        }
        return result.stdout
    }

    /// Runs `executable` like ``run(_:_:in:environment:input:)`` and returns its exit status and both outputs, whatever the status.
    /// - Throws: only when it cannot start.
    public static func execute(_ executable: String, _ arguments: [String], in directory: URL? = nil,
                               environment: [String: String] = [:], input: Data? = nil) async throws -> ShellResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.hasPrefix("/") ? executable : "/usr/bin/env")
        process.arguments = executable.hasPrefix("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        // Files, not pipes: no deadlock however much a command prints.
        let stdout = scratch.appendingPathComponent("stdout")
        let stderr = scratch.appendingPathComponent("stderr")
        let stdin = scratch.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stdin.path, contents: input ?? Data())
        let outHandle = try FileHandle(forWritingTo: stdout)
        let errHandle = try FileHandle(forWritingTo: stderr)
        let inHandle = try FileHandle(forReadingFrom: stdin)
        defer { try? outHandle.close(); try? errHandle.close(); try? inHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = inHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return ShellResult(status: status,
                           stdout: String(decoding: (try? Data(contentsOf: stdout)) ?? Data(), as: UTF8.self),
                           stderr: String(decoding: (try? Data(contentsOf: stderr)) ?? Data(), as: UTF8.self))
    }
}
