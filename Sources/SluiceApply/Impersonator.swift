import SluiceAPI
import SluiceKube

/// Where and as whom a Kustomization or HelmRelease changes the cluster, as Flux's `runtime/client.Impersonator`:
/// the controller's own client; or, with `spec.serviceAccountName` (or the controller's `--default-service-account`),
/// one impersonating `system:serviceaccount:<namespace>:<name>`; or, with `spec.kubeConfig`, a client for the remote
/// cluster its Secret describes (impersonating there too when an account is named).
///
/// Every read and write of the apply (dry-run, apply, prune, health checks, Helm's storage) goes through the client
/// this returns; the object itself, its sources, `valuesFrom`/`substituteFrom` and the kubeconfig Secret are read with
/// the controller's own.
///
/// (Issue 17: the engineer `tenancy` fills in impersonation, `remote` the kubeconfig part in
/// ``RemoteClusterClient``.)
public struct Impersonator: Sendable {
    /// The controller's own client.
    public let client: KubernetesClient
    /// `--default-service-account`: the account used when an object names none (and has no `kubeConfig`).
    public let defaultServiceAccount: String?
    /// How kubeconfig Secrets may authenticate (`--insecure-kubeconfig-exec`, `--insecure-kubeconfig-tls`).
    public let remoteOptions: RemoteClusterClient.Options

    /// An impersonator over the controller's `client`.
    public init(client: KubernetesClient, defaultServiceAccount: String? = nil,
                remoteOptions: RemoteClusterClient.Options = .init())
    {
        self.client = client
        self.defaultServiceAccount = defaultServiceAccount.flatMap { $0.isEmpty ? nil : $0 }
        self.remoteOptions = remoteOptions
    }

    /// The client for an object in `namespace` with these `spec` fields.
    public func client(namespace: String, serviceAccountName: String?, kubeConfig: KubeConfigReference?) async throws -> KubernetesClient {
        client
    }
}
