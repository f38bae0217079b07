import Foundation
import SluiceTestSupport

/// kubectl against a local cluster, for end-to-end tests.
enum Kubectl {
    /// Runs kubectl against the server and returns its standard output.
    static func kubectl(_ arguments: [String], kubeconfig: String) async throws -> String {
        try await Shell.execute(BuiltExecutables.kubectl ?? "kubectl", ["--kubeconfig", kubeconfig] + arguments).stdout
    }
}
