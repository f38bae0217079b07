import Foundation

/// A program run to completion off Swift's cooperative threads, for the few things Sluice asks of system tools.
enum ExternalTool {
    /// What a finished program printed.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `tool` (found on `PATH`) with `arguments` in `directory`, stdin closed.
    ///
    /// - Throws: ``CLIError`` when it cannot be started (not installed).
    static func run(_ tool: String, _ arguments: [String], in directory: URL? = nil) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            // Waiting for a process blocks its thread: not one of Swift's few cooperative ones.
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = [tool] + arguments
                if let directory { process.currentDirectoryURL = directory }
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: CLIError("cannot run \(tool): \(error.localizedDescription)", hint: "install \(tool)"))
                    return
                }
                // Read both pipes at once, so neither fills while the other is drained.
                let group = DispatchGroup()
                nonisolated(unsafe) var stderr = Data()
                group.enter()
                DispatchQueue.global().async {
                    stderr = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let stdout = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                                      stderr: String(decoding: stderr, as: UTF8.self)))
            }
        }
    }
}
