import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import Synchronization

/// A client for the cluster a `spec.kubeConfig` Secret describes (Flux's hub-and-spoke fleets): the kubeconfig read
/// from the Secret's `secretRef.key`, else `value`, else `value.yaml`; never a local file, and exec credential plugins
/// only under `--insecure-kubeconfig-exec`.
///
/// The Secret is read on every call with the controller's own client; the client made from it is reused only while
/// the Secret's `uid` and `resourceVersion` (and the options) stay the same, so a changed Secret takes effect at the
/// next reconcile. Errors name the object, the Secret and the key; never a value of the Secret.
public enum RemoteClusterClient {
    /// What a kubeconfig from a Secret may do.
    public struct Options: Sendable, Hashable {
        /// `--insecure-kubeconfig-exec`: allow `users[].user.exec` credential plugins.
        public var allowExec: Bool
        /// `--insecure-kubeconfig-tls`: allow `insecure-skip-tls-verify`.
        public var allowInsecureTLS: Bool

        /// Options; both off, as Flux's defaults.
        public init(allowExec: Bool = false, allowInsecureTLS: Bool = false) {
            self.allowExec = allowExec
            self.allowInsecureTLS = allowInsecureTLS
        }
    }

    /// The keys a kubeconfig is looked up under when `secretRef.key` is not set, in order (Flux's).
    public static let defaultKeys = ["value", "value.yaml"]

    /// The client for `reference` of an object in `namespace`, reading its Secret with the controller's `client`.
    ///
    /// The remote client keeps the controller's rate limits and `User-Agent`.
    ///
    /// - Throws: ``KubeConfigError`` naming the field, the Secret or the key at fault.
    public static func client(for reference: KubeConfigReference, namespace: String, using client: KubernetesClient,
                              options: Options) async throws -> KubernetesClient
    {
        let provider = reference.provider.flatMap { $0.isEmpty ? nil : $0 } ?? "generic"
        guard provider == "generic" else {
            throw KubeConfigError(file: nil, "spec.kubeConfig.provider '\(provider)' is not supported: only 'generic' (a kubeconfig Secret in spec.kubeConfig.secretRef)")
        }
        for (field, value) in [("cluster", reference.cluster), ("address", reference.address), ("serviceAccountName", reference.serviceAccountName)]
            where !(value ?? "").isEmpty
        {
            throw KubeConfigError(file: nil, "spec.kubeConfig.\(field) is not supported for the generic provider")
        }
        guard let secretRef = reference.secretRef, !secretRef.name.isEmpty else {
            throw KubeConfigError(file: nil, "invalid spec.kubeConfig: spec.kubeConfig.secretRef.name is required")
        }
        let secretName = "\(namespace)/\(secretRef.name)"
        let secret: KubeObject?
        do {
            secret = try await client.get(secretKind, namespace: namespace, name: secretRef.name)
        } catch {
            throw KubeConfigError(file: nil, "unable to read KubeConfig secret '\(secretName)': \(error)")
        }
        guard let secret else { throw KubeConfigError(file: nil, "KubeConfig secret '\(secretName)' not found") }
        let data = secret["data"]?.objectValue ?? JSONObject()
        let key: String
        if let named = secretRef.key, !named.isEmpty {
            guard data[named] != nil else {
                throw KubeConfigError(file: nil, "KubeConfig secret '\(secretName)' does not contain a '\(named)' key with a kubeconfig")
            }
            key = named
        } else {
            guard let found = defaultKeys.first(where: { data[$0] != nil }) else {
                throw KubeConfigError(file: nil, "KubeConfig secret '\(secretName)' does not contain a 'value' key with a kubeconfig")
            }
            key = found
        }
        let source = "Secret '\(secretName)' key '\(key)'"
        let base = client.configuration
        let identity = CacheIdentity(hub: base.server, uid: secret.uid ?? "", resourceVersion: secret.resourceVersion ?? "", key: key, options: options,
                                     qps: base.qps, burst: base.burst, userAgent: base.userAgent)
        if let cached = cache.withLock({ $0[secretName] }), cached.identity == identity, !identity.resourceVersion.isEmpty {
            return cached.client
        }
        // base64 of at most the size limit: a larger value is refused before it is decoded.
        guard let encoded = data[key]?.stringValue,
              encoded.utf8.count <= (ClientConfiguration.inlineKubeconfigMaxBytes / 3 + 1) * 4
        else {
            throw KubeConfigError(file: source, "is not a string or is larger than \(ClientConfiguration.inlineKubeconfigMaxBytes) bytes")
        }
        guard let bytes = Data(base64Encoded: encoded) else { throw KubeConfigError(file: source, "is not base64") }
        var configuration = try ClientConfiguration.fromInlineKubeconfig(
            Array(bytes), source: source,
            policy: .init(allowExec: options.allowExec, allowInsecureTLS: options.allowInsecureTLS))
        configuration.qps = base.qps
        configuration.burst = base.burst
        configuration.userAgent = base.userAgent
        let remote = try KubernetesClient(configuration: configuration)
        cache.withLock { entries in
            // Bounded: one entry per Secret; past the bound the oldest entries go first (any would do).
            if entries.count >= maxCachedClients, entries[secretName] == nil, let victim = entries.keys.first { entries[victim] = nil }
            entries[secretName] = CacheEntry(identity: identity, client: remote)
        }
        return remote
    }

    /// `v1 Secret`.
    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// The most Secrets whose clients are kept.
    static let maxCachedClients = 256

    /// What a cached client was made from; any change makes a new one.
    private struct CacheIdentity: Hashable {
        /// The controller's cluster (a test process may talk to several).
        var hub: String
        var uid: String
        var resourceVersion: String
        var key: String
        var options: Options
        var qps: Double
        var burst: Int
        var userAgent: String
    }

    private struct CacheEntry: Sendable {
        var identity: CacheIdentity
        var client: KubernetesClient
    }

    /// Clients by `namespace/name` of their Secret; reusing one keeps its discovery (REST mapping) between reconciles.
    private static let cache = Mutex<[String: CacheEntry]>([:])
}
