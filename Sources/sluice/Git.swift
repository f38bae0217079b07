import Foundation

/// The `git` command line, for the few things `sluice up` does to a local repository (the controllers use libgit2).
enum Git {
    /// Runs `git ARGUMENTS` in `directory` and returns its trimmed stdout.
    ///
    /// - Throws: ``CLIError`` with git's own message when it fails or is not installed.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL) async throws -> String {
        let result = try await ExternalTool.run("git", arguments, in: directory)
        let text = { (output: String) in output.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard result.status == 0 else {
            throw CLIError("git \(arguments.joined(separator: " ")) in \(directory.path) failed: \(text(result.stderr))")
        }
        return text(result.stdout)
    }
}
