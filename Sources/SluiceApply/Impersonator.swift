import SluiceAPI
import SluiceCore
import SluiceKube

/// Where and as whom a Kustomization or HelmRelease changes the cluster, as Flux's `runtime/client.Impersonator`:
/// the controller's own client; or, with `spec.serviceAccountName` (or the controller's `--default-service-account`),
/// one impersonating `system:serviceaccount:<namespace>:<name>`; or, with `spec.kubeConfig`, a client for the remote
/// cluster its Secret describes (impersonating there too when an account is named, as Flux does).
///
/// Every read and write of the apply (dry-run, apply, prune, health checks, Helm's storage) goes through the client
/// this returns; the object itself, its sources, `valuesFrom`/`substituteFrom` and the kubeconfig Secret are read with
/// the controller's own.
public struct Impersonator: Sendable {
    /// The controller's own client.
    public let client: KubernetesClient
    /// `--default-service-account`: the account used when an object names none (and has no `kubeConfig`).
    public let defaultServiceAccount: String?
    /// How kubeconfig Secrets may authenticate (`--insecure-kubeconfig-exec`, `--insecure-kubeconfig-tls`).
    public let remoteOptions: RemoteClusterClient.Options

    /// The kind of the accounts impersonated.
    static let serviceAccountKind = GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount")

    /// An impersonator over the controller's `client`.
    public init(client: KubernetesClient, defaultServiceAccount: String? = nil,
                remoteOptions: RemoteClusterClient.Options = .init())
    {
        self.client = client
        self.defaultServiceAccount = defaultServiceAccount.flatMap { $0.isEmpty ? nil : $0 }
        self.remoteOptions = remoteOptions
    }

    /// The account an object in this configuration acts as: `serviceAccountName`, else `--default-service-account`
    /// (Flux's `WithServiceAccount(default, name, namespace)`), else none.
    public func account(serviceAccountName: String?) -> String? {
        if let name = serviceAccountName, !name.isEmpty { return name }
        return defaultServiceAccount
    }

    /// The client for an object in `namespace` with these `spec` fields.
    ///
    /// - `kubeConfig` set: ``RemoteClusterClient/client(for:namespace:using:options:)``, impersonating the account
    ///   (``account(serviceAccountName:)``) on that cluster when there is one, as Flux's `clientForKubeConfig`.
    /// - else an account: the controller's client impersonating `system:serviceaccount:NAMESPACE:ACCOUNT`, after
    ///   checking with the controller's own client that the account exists (``ImpersonationError``, retryable: the
    ///   platform may create it later).
    /// - else the controller's own client.
    public func client(namespace: String, serviceAccountName: String?, kubeConfig: KubeConfigReference?) async throws -> KubernetesClient {
        let account = account(serviceAccountName: serviceAccountName)
        if let account { try Self.validate(account: account, namespace: namespace) }
        if let kubeConfig {
            let remote = try await RemoteClusterClient.client(for: kubeConfig, namespace: namespace, using: client, options: remoteOptions)
            guard let account else { return remote }
            return remote.impersonating(serviceAccount: account, namespace: namespace)
        }
        guard let account else { return client }
        guard try await client.get(Self.serviceAccountKind, namespace: namespace, name: account) != nil else {
            throw ImpersonationError.serviceAccountNotFound(namespace: namespace, name: account)
        }
        return client.impersonating(serviceAccount: account, namespace: namespace)
    }

    /// Flux's `CanImpersonate`, for finalization: whether the account to act as (if any) still exists; `true` for a
    /// remote cluster (its accounts are not the controller's to see) and when no account is named.
    public func canImpersonate(namespace: String, serviceAccountName: String?, kubeConfig: KubeConfigReference?) async throws -> Bool {
        guard kubeConfig == nil, let account = account(serviceAccountName: serviceAccountName) else { return true }
        guard (try? Self.validate(account: account, namespace: namespace)) != nil else { return false }
        return try await client.get(Self.serviceAccountKind, namespace: namespace, name: account) != nil
    }

    /// Refuses names Kubernetes would never give an account (a DNS subdomain) or a namespace (a DNS label), so that
    /// nothing a tenant writes reaches a header or a URL unchecked.
    static func validate(account: String, namespace: String) throws {
        if !DNSName.isSubdomain(account) { throw ImpersonationError.invalidName(field: "spec.serviceAccountName", value: account) }
        if !DNSName.isLabel(namespace) { throw ImpersonationError.invalidName(field: "namespace", value: namespace) }
    }
}
