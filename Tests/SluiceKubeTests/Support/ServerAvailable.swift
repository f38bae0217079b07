import Foundation
import SluiceTestSupport

/// Whether the built `sluice` executable can serve an embedded Kubernetes API (`sluice cluster serve`).
enum ServerAvailable {
    /// The directory holding the package's built executables.
    static var binDirectory: URL { BuiltExecutables.directory }

    static var sluice: URL { binDirectory.appendingPathComponent("sluice") }

    /// `sluice cluster serve --help` exits 0 and describes `--listen` and `--data`.
    ///
    /// ArgumentParser answers `--help` after an unknown subcommand with the root's help and status 0,
    /// so the exit status alone does not prove the command exists.
    static let sluiceClusterServe: Bool = {
        guard FileManager.default.isExecutableFile(atPath: sluice.path) else { return false }
        let process = Process()
        process.executableURL = sluice
        process.arguments = ["cluster", "serve", "--help"]
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-serve-help-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: output.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: output) else { return false }
        defer { try? FileManager.default.removeItem(at: output) }
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            return false
        }
        try? handle.close()
        let help = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return process.terminationStatus == 0 && help.contains("--listen") && help.contains("--data")
    }()
}
