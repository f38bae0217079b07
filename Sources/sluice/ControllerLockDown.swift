/// The multi-tenancy lock-down options `sluice up` forwards to its controllers, as `fluxcd/flux2-multi-tenancy`
/// patches them into Flux's Deployments: each controller gets the flags it takes.
struct ControllerLockDown: Equatable {
    /// `--no-cross-namespace-refs`: no object may name a source, dependency, chart or event source in another namespace.
    var noCrossNamespaceRefs = false
    /// `--no-remote-bases`: kustomize may not fetch remote bases and resources (Git repositories, http(s) files).
    var noRemoteBases = false
    /// `--default-service-account`: the account a Kustomization or HelmRelease without `serviceAccountName` applies as.
    var defaultServiceAccount: String?

    /// The controllers that take `--no-cross-namespace-refs` (Sluice's source-controller serves Flux's ArtifactGenerator,
    /// whose source-watcher takes it).
    static let crossNamespaceControllers: Set = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]
    /// The controllers that apply as an account: `--default-service-account`.
    static let applyingControllers: Set = ["kustomize-controller", "helm-controller"]

    /// The arguments for `controller`.
    func arguments(for controller: String) -> [String] {
        var arguments: [String] = []
        if noCrossNamespaceRefs, Self.crossNamespaceControllers.contains(controller) { arguments.append("--no-cross-namespace-refs") }
        if noRemoteBases, controller == "kustomize-controller" { arguments.append("--no-remote-bases") }
        if let defaultServiceAccount, Self.applyingControllers.contains(controller) {
            arguments += ["--default-service-account", defaultServiceAccount]
        }
        return arguments
    }
}
