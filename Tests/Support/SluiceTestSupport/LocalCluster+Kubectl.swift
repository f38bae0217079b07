import Foundation

extension LocalCluster {
    /// Runs the real kubectl against this cluster; `input` is its standard input. Throws when kubectl fails.
    @discardableResult
    public func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl ?? "kubectl", ["--kubeconfig", kubeconfig] + arguments, input: input.map { Data($0.utf8) })
    }

    /// Applies Sluice's CRDs (`Config/crd/bases`) with kubectl and waits until every one is Established (served).
    public func installCRDs() async throws {
        try await kubectl(["apply", "-f", BuiltExecutables.repositoryRoot.appendingPathComponent("Config/crd/bases").path])
        // Served once Established: callers may list the kinds at once.
        try await kubectl(["wait", "--for=condition=Established", "customresourcedefinitions", "--all", "--timeout=30s"])
    }
}
