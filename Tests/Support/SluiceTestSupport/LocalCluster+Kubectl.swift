import Foundation

extension LocalCluster {
    /// Runs the real kubectl against this cluster; `input` is its standard input. Throws when kubectl fails.
    @discardableResult
    public func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl ?? "kubectl", ["--kubeconfig", kubeconfig] + arguments, input: input.map { Data($0.utf8) })
    }

    /// Applies Sluice's CRDs (`Config/crd/bases`) with kubectl; they are served once this returns and discovery has caught up.
    public func installCRDs() async throws {
        try await kubectl(["apply", "-f", BuiltExecutables.repositoryRoot.appendingPathComponent("Config/crd/bases").path])
    }
}
