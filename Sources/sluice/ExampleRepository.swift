import Foundation

/// The example `sluice up` runs when no `--repo` is given: `Deploy/examples/hello`, copied into the data directory
/// and committed as a Git repository on the first run, then left alone (the user's commits there are the point).
enum ExampleRepository {
    /// The example's directory in the source tree.
    static let relativePath = "Deploy/examples/hello"

    /// Where the bundled example is: `$SLUICE_EXAMPLES/hello`, else `Deploy/examples/hello` at or above the current
    /// directory or the executable's (a checkout running `.build/debug/sluice`), else `/usr/share/sluice/examples/hello`.
    static func bundled(executable: URL) throws -> URL {
        var candidates: [URL] = []
        if let root = ProcessInfo.processInfo.environment["SLUICE_EXAMPLES"] {
            candidates.append(URL(fileURLWithPath: root).appendingPathComponent("hello"))
        }
        for start in [URL(fileURLWithPath: FileManager.default.currentDirectoryPath), executable.deletingLastPathComponent()] {
            var directory = start.standardizedFileURL
            while true {
                candidates.append(directory.appendingPathComponent(relativePath))
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        candidates.append(URL(fileURLWithPath: "/usr/share/sluice/examples/hello"))
        if let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("kustomization.yaml").path) }) {
            return found
        }
        throw CLIError("cannot find the bundled example (\(relativePath))",
                       hint: "run sluice up from the Sluice checkout, set SLUICE_EXAMPLES, or pass --repo PATH_OR_URL")
    }

    /// Makes `destination` a Git repository holding the example on branch `main`, unless it already is one.
    ///
    /// - Returns: Whether it was created now.
    static func prepare(from source: URL, at destination: URL) async throws -> Bool {
        if FileManager.default.fileExists(atPath: destination.appendingPathComponent(".git").path) { return false }
        try? FileManager.default.removeItem(at: destination)
        do {
            try FileManager.default.copyItem(at: source, to: destination)
        } catch {
            throw CLIError("cannot copy the example to \(destination.path): \(error.localizedDescription)")
        }
        let identity = ["-c", "user.name=Sluice", "-c", "user.email=sluice@localhost", "-c", "commit.gpgsign=false"]
        for arguments in [["init", "-q", "-b", "main"], ["add", "-A"], identity + ["commit", "-q", "-m", "Example: hello"]] {
            try await Git.run(arguments, in: destination)
        }
        return true
    }
}
