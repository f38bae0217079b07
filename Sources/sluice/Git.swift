import Foundation

/// The `git` command line, for the few things `sluice up` does to a local repository (the controllers use libgit2).
enum Git {
    /// Runs `git ARGUMENTS` in `directory` and returns its trimmed stdout.
    ///
    /// - Throws: ``CLIError`` with git's own message when it fails or is not installed.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            // Waiting for a process blocks its thread: not one of Swift's few cooperative ones.
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["git"] + arguments
                process.currentDirectoryURL = directory
                let output = Pipe()
                let errors = Pipe()
                process.standardOutput = output
                process.standardError = errors
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: CLIError("cannot run git: \(error.localizedDescription)", hint: "install git"))
                    return
                }
                let stdout = output.fileHandleForReading.readDataToEndOfFile()
                let stderr = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let text = { (data: Data) in String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
                if process.terminationStatus == 0 {
                    continuation.resume(returning: text(stdout))
                } else {
                    continuation.resume(throwing: CLIError("git \(arguments.joined(separator: " ")) in \(directory.path) failed: \(text(stderr))"))
                }
            }
        }
    }
}
