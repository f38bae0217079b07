import Foundation

/// The package's built executables and the machine's kubectl, for end-to-end tests.
enum BuiltTools {
    /// The directory of the built executables: beside the test runner, else `.build/debug`.
    static var binDirectory: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: runner.appendingPathComponent("sluice").path) { return runner }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug")
    }

    /// Whether `sluice` is built.
    static var sluiceAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent("sluice").path)
    }

    /// The kubectl on this machine, if any.
    static var kubectl: String? {
        ["/usr/bin/kubectl", "/usr/local/bin/kubectl"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs kubectl against the server and returns its standard output.
    static func kubectl(_ arguments: [String], kubeconfig: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kubectl ?? "kubectl")
        process.arguments = ["--kubeconfig", kubeconfig] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
