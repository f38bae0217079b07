import Foundation
import SluiceTestSupport

/// kubectl against a local cluster, for end-to-end tests.
enum Kubectl {
    /// Runs kubectl against the server and returns its standard output.
    static func kubectl(_ arguments: [String], kubeconfig: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltExecutables.kubectl ?? "kubectl")
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
