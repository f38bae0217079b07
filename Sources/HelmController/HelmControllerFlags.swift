import ArgumentParser
import Foundation
import SluiceCore

/// The flags only the helm-controller takes, named as Flux's helm-controller names them.
public struct HelmControllerFlags: ParsableArguments, Sendable {
    @Option(name: .customLong("requeue-dependency"), help: "How long to wait before checking a dependency (or a missing chart artifact) again.")
    public var requeueDependency: String = "5s"

    @Flag(name: .customLong("no-cross-namespace-refs"), help: "Refuse chartRefs, chart sources and dependsOn that point into another namespace.")
    public var noCrossNamespaceRefs = false

    @Option(name: .customLong("default-service-account"),
            help: "The ServiceAccount (in the object's namespace) a HelmRelease without spec.serviceAccountName applies as, by impersonation (with spec.kubeConfig, in the remote cluster).")
    public var defaultServiceAccount: String = ""

    @Flag(name: .customLong("insecure-kubeconfig-exec"), help: "Allow the user.exec section (credential plugins) in kubeconfigs provided for remote apply (spec.kubeConfig): the Secret's author names a program this controller runs.")
    public var insecureKubeconfigExec = false

    @Flag(name: .customLong("insecure-kubeconfig-tls"), help: "Allow kubeconfigs provided for remote apply (spec.kubeConfig) to disable TLS verification (insecure-skip-tls-verify).")
    public var insecureKubeconfigTLS = false

    @Option(name: .customLong("artifact-max-size"), help: "The largest chart artifact, in bytes, read from the store.")
    public var artifactMaxSize: Int64 = 100 << 20

    public init() {}

    public func validate() throws {
        guard GoDuration(requeueDependency) != nil else { throw ValidationError("--requeue-dependency: not a duration: '\(requeueDependency)'") }
        guard artifactMaxSize > 0 else { throw ValidationError("--artifact-max-size must be positive") }
    }

    /// `--requeue-dependency` as a duration.
    public var requeueDependencyDuration: Duration { GoDuration(requeueDependency)?.duration ?? .seconds(5) }
}
