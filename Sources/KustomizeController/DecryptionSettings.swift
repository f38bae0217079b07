/// The controller-wide SOPS keys, as Flux's kustomize-controller takes them: a Secret of age keys named by
/// `--sops-age-secret` in the controller's namespace (`RUNTIME_NAMESPACE`), used when a Kustomization's
/// `spec.decryption` names no Secret, and SOPS's own `SOPS_AGE_KEY` / `SOPS_AGE_KEY_FILE`, used when no age key came
/// from a Secret (as SOPS's age key source falls back to them).
public struct DecryptionSettings: Sendable {
    /// The Secret (`namespace`, `name`) whose `*.agekey` entries decrypt for every Kustomization without `secretRef`.
    public var ageSecret: (namespace: String, name: String)?
    /// The controller's environment, read for `SOPS_AGE_KEY` and `SOPS_AGE_KEY_FILE`.
    public var environment: [String: String]

    /// Settings; the defaults hold no controller-wide key.
    public init(ageSecret: (namespace: String, name: String)? = nil, environment: [String: String] = [:]) {
        self.ageSecret = ageSecret
        self.environment = environment
    }
}
