import SluiceCore
import SluiceKube
import SluiceOCI
import SluiceRuntime

/// Reads the Secrets a source object names for its credentials and TLS material (OCIRepository, `oci` HelmRepository).
///
/// A Secret that cannot be read or decoded fails through the caller's `fail` (its `AuthenticationFailed` condition),
/// naming the Secret, never its values.
struct SourceSecretReader {
    /// The reconcile's API and logger.
    let context: ReconcileContext
    /// The source object's namespace, where its Secrets live.
    let namespace: String

    /// The decoded data of Secret `name`; `what` names its role in messages ("authentication secret").
    func data(_ name: String, _ what: String, fail: (String) -> ReconcileError) async throws -> SecretData {
        let raw: KubeObject?
        do { raw = try await context.api.get(GitRepositoryReconciler.secretKind, namespace: namespace, name: name) } catch {
            throw fail("failed to get \(what) '\(namespace)/\(name)': \(error)")
        }
        guard let raw else { throw fail("failed to get \(what) '\(namespace)/\(name)': secrets \"\(name)\" not found") }
        do { return try SecretData(raw) } catch { throw fail("invalid \(what) '\(namespace)/\(name)': \(error)") }
    }

    /// A `certSecretRef`'s `ca.crt`, `tls.crt` and `tls.key` (each optional) set on `options`.
    static func applyTLS(_ data: SecretData, to options: inout OCIClientOptions) {
        options.caCertificatePEM = data["ca.crt"].map { Array($0.utf8) }
        options.clientCertificatePEM = data["tls.crt"].map { Array($0.utf8) }
        options.clientKeyPEM = data["tls.key"].map { Array($0.utf8) }
    }
}
