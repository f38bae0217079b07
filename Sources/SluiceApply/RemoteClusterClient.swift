import SluiceAPI
import SluiceCore
import SluiceKube

/// A client for the cluster a `spec.kubeConfig` Secret describes (Flux's hub-and-spoke fleets): the kubeconfig read
/// from the Secret's `secretRef.key`, else `value`, else `value.yaml`; never a local file, and exec credential plugins
/// only under `--insecure-kubeconfig-exec`.
///
/// (Issue 17; the engineer `remote` fills this in.)
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

    /// The client for `reference` of an object in `namespace`, reading its Secret with the controller's `client`.
    public static func client(for reference: KubeConfigReference, namespace: String, using client: KubernetesClient,
                              options: Options) async throws -> KubernetesClient
    {
        throw KubeConfigError(file: nil, "spec.kubeConfig is not supported yet")
    }
}
