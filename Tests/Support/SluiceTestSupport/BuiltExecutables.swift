import Foundation

/// Where the package's built executables and the machine's tools are, for tests that start real processes.
public enum BuiltExecutables {
    /// The repository root (this file is `Tests/Support/SluiceTestSupport/BuiltExecutables.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The directory of the built executables: beside the test runner (`swift test`), else `.build/debug`.
    public static let directory: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: runner.appendingPathComponent("sluice").path) { return runner }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }()

    /// The built executable `name`.
    public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    /// Whether `name` is built.
    public static func isBuilt(_ name: String) -> Bool { FileManager.default.isExecutableFile(atPath: url(name).path) }

    /// `kubectl` on the PATH, if any.
    public static let kubectl: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":") {
            let path = "\(dir)/kubectl"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()
}
