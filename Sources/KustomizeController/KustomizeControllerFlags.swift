import ArgumentParser
import Foundation
import SluiceCore

/// The flags only the kustomize-controller takes, named as Flux's kustomize-controller names them.
public struct KustomizeControllerFlags: ParsableArguments, Sendable {
    @Option(name: .customLong("requeue-dependency"), help: "How long to wait before checking a dependency (or a missing source artifact) again.")
    public var requeueDependency: String = "30s"

    @Flag(name: .customLong("no-cross-namespace-refs"), help: "Refuse sourceRefs and dependsOn that point into another namespace.")
    public var noCrossNamespaceRefs = false

    @Flag(name: .customLong("no-remote-bases"),
          help: "Refuse remote bases and resources (Git repositories, http(s) files): the build reads only the fetched source artifact. Without it they are fetched anonymously, bounded by --remote-bases-max-size and --remote-bases-timeout.")
    public var noRemoteBases = false

    @OptionGroup public var remoteBaseLimits: RemoteBaseOptions

    @Option(name: .customLong("default-service-account"),
            help: "The ServiceAccount (in the object's namespace) a Kustomization without spec.serviceAccountName applies as, by impersonation (with spec.kubeConfig, in the remote cluster).")
    public var defaultServiceAccount: String = ""

    @Flag(name: .customLong("insecure-kubeconfig-exec"), help: "Allow the user.exec section (credential plugins) in kubeconfigs provided for remote apply (spec.kubeConfig): the Secret's author names a program this controller runs.")
    public var insecureKubeconfigExec = false

    @Flag(name: .customLong("insecure-kubeconfig-tls"), help: "Allow kubeconfigs provided for remote apply (spec.kubeConfig) to disable TLS verification (insecure-skip-tls-verify).")
    public var insecureKubeconfigTLS = false

    @Option(name: .customLong("feature-gates"), help: "Comma-separated feature gates: StrictPostBuildSubstitutions=true makes unset variables an error.")
    public var featureGates: String = ""

    @Option(name: .customLong("artifact-max-size"), help: "The largest extracted source artifact, in bytes.")
    public var artifactMaxSize: Int64 = 1 << 30

    @Option(name: .customLong("sops-age-secret"),
            help: "The name of a Secret in the RUNTIME_NAMESPACE holding SOPS age keys (*.agekey entries) for Kustomizations whose spec.decryption names no Secret.")
    public var sopsAgeSecret: String = ""

    public init() {}

    public func validate() throws {
        guard GoDuration(requeueDependency) != nil else { throw ValidationError("--requeue-dependency: not a duration: '\(requeueDependency)'") }
        guard artifactMaxSize > 0 else { throw ValidationError("--artifact-max-size must be positive") }
    }

    /// `--requeue-dependency` as a duration.
    public var requeueDependencyDuration: Duration { GoDuration(requeueDependency)?.duration ?? .seconds(30) }

    /// How remote bases are fetched: into `git-cache-remote-bases` beside the store, anonymously and bounded; nil
    /// with `--no-remote-bases`.
    public func remoteBases(storePath: String) -> RemoteBaseLoader.Settings? {
        guard !noRemoteBases else { return nil }
        let cache = URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("git-cache-remote-bases")
        return remoteBaseLimits.settings(cacheDirectory: cache)
    }

    /// The controller-wide SOPS keys: `--sops-age-secret` in `RUNTIME_NAMESPACE` (both needed, as Flux), and the
    /// environment's `SOPS_AGE_KEY`/`SOPS_AGE_KEY_FILE`.
    public func decryption(environment: [String: String]) -> DecryptionSettings {
        let namespace = environment["RUNTIME_NAMESPACE"] ?? ""
        let secret = sopsAgeSecret.isEmpty || namespace.isEmpty ? nil : (namespace: namespace, name: sopsAgeSecret)
        return DecryptionSettings(ageSecret: secret, environment: environment.filter { $0.key.hasPrefix("SOPS_AGE_KEY") })
    }

    /// Whether `StrictPostBuildSubstitutions=true` is among the feature gates.
    public var strictSubstitutions: Bool {
        featureGates.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == "StrictPostBuildSubstitutions=true" }
    }
}
