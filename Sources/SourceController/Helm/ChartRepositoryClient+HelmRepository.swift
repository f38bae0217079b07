import Foundation
import Logging
import SluiceKube
import NIOSSL
import SluiceAPI
import SluiceCore
import SluiceRuntime

extension ChartRepositoryClient {
    /// The client a HelmRepository describes: its URL, `secretRef` (basic auth; TLS keys there are Flux's deprecated
    /// form, used only without `certSecretRef`), `certSecretRef` (`ca.crt`, `tls.crt`, `tls.key`), `passCredentials`
    /// and `timeout`.
    ///
    /// - Throws: ``ChartRepositoryClientError`` with Flux's wording when a Secret is missing or unusable; never a
    ///   Secret's value.
    static func make(for repository: HelmRepository, url: URL, context: ReconcileContext) async throws -> ChartRepositoryClient {
        let namespace = repository.metadata.namespace ?? ""
        var client = ChartRepositoryClient(repositoryURL: url, basicAuth: nil, passCredentials: repository.spec.passCredentials ?? false,
                                           tls: nil, timeout: (repository.spec.timeout ?? .seconds(60)).duration)
        if let ref = repository.spec.certSecretRef {
            let secret = try await Self.secret(ref.name, namespace: namespace, context: context, what: "TLS authentication secret")
            client.tls = try Self.tls(secret, name: "\(namespace)/\(ref.name)")
        }
        if let ref = repository.spec.secretRef {
            let secret = try await Self.secret(ref.name, namespace: namespace, context: context, what: "authentication secret")
            let username = secret["username"], password = secret["password"]
            if username != nil || password != nil {
                guard let username, let password else {
                    throw ChartRepositoryClientError("invalid authentication secret '\(namespace)/\(ref.name)': 'username' and 'password' must both be set")
                }
                client.basicAuth = BasicAuth(username: username, password: password)
            }
            if client.tls == nil, ["tls.crt", "tls.key", "ca.crt", "certFile", "keyFile", "caFile"].contains(where: { secret[$0] != nil }) {
                context.logger.info("warning: specifying TLS authentication data via `.spec.secretRef` is deprecated, please use `.spec.certSecretRef` instead")
                client.tls = try Self.tls(secret, name: "\(namespace)/\(ref.name)")
            }
        }
        return client
    }

    /// The decoded Secret `namespace/name`.
    private static func secret(_ name: String, namespace: String, context: ReconcileContext, what: String) async throws -> SecretData {
        let raw: KubeObject?
        do {
            raw = try await context.api.get(GitRepositoryReconciler.secretKind, namespace: namespace, name: name)
        } catch {
            throw ChartRepositoryClientError("failed to get \(what) '\(namespace)/\(name)': \(error)")
        }
        guard let raw else { throw ChartRepositoryClientError("failed to get \(what) '\(namespace)/\(name)': secrets \"\(name)\" not found") }
        do {
            return try SecretData(raw)
        } catch {
            throw ChartRepositoryClientError("\(error)")
        }
    }

    /// A client TLS configuration from a Secret's `ca.crt`, `tls.crt` and `tls.key` (or the legacy `caFile`,
    /// `certFile`, `keyFile`); the CA extends the system's roots, as Flux's `WithSystemCertPool`.
    static func tls(_ secret: SecretData, name: String) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        let ca = secret["ca.crt"] ?? secret["caFile"]
        let certificate = secret["tls.crt"] ?? secret["certFile"]
        let key = secret["tls.key"] ?? secret["keyFile"]
        if let ca {
            do {
                tls.additionalTrustRoots = [.certificates(try NIOSSLCertificate.fromPEMBytes(Array(ca.utf8)))]
            } catch {
                throw ChartRepositoryClientError("failed to construct Helm client's TLS config: secret '\(name)': 'ca.crt' is not a PEM certificate")
            }
        }
        switch (certificate, key) {
        case (let certificate?, let key?):
            do {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificate.utf8)).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(key.utf8), format: .pem))
            } catch {
                throw ChartRepositoryClientError("failed to construct Helm client's TLS config: secret '\(name)': 'tls.crt' and 'tls.key' are not a PEM certificate and key")
            }
        case (nil, nil):
            break
        default:
            throw ChartRepositoryClientError("failed to construct Helm client's TLS config: secret '\(name)': 'tls.crt' and 'tls.key' must both be set")
        }
        return tls
    }
}
