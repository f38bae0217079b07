extension GlobalOptions {
    /// The namespace for commands that may run with no cluster (`create --export`, `logs`): `-n`, else the
    /// kubeconfig's through ``namespace(for:)``, else `flux-system` when there is no cluster configuration at all.
    func namespaceWithoutCluster() -> String {
        if let namespace { return namespace }
        if let client = try? client() { return namespace(for: client) }
        return "flux-system"
    }
}
