import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceOCI
import SluiceRuntime

extension HelmChartReconciler {
    /// The registry a `type: oci` HelmRepository describes, with Flux's client options: `secretRef` (a
    /// `kubernetes.io/dockerconfigjson` Secret matched to the registry host, or `username`/`password` as Flux also
    /// accepts for OCI), `certSecretRef` (`ca.crt`, `tls.crt`, `tls.key`), `insecure` and `timeout`.
    ///
    /// A URL that is not `oci://host[/path]` stalls with `URLInvalid`; a Secret that is missing or unusable fails with
    /// `AuthenticationFailed` (retried), naming the Secret and never its values.
    func ociRepository(_ repository: HelmRepository, conditions: inout Conditions, context: ReconcileContext) async throws -> OCIChartRepository {
        let namespace = repository.metadata.namespace ?? ""
        var url = repository.spec.url
        while url.hasSuffix("/") { url.removeLast() }
        let registry: String
        do throws(OCIError) {
            guard url.lowercased().hasPrefix("oci://") else {
                throw OCIError(.invalidReference, reference: url, "URL must be in format 'oci://<domain>/<org>/<repo>'")
            }
            // A probe chart name validates the host and path as a reference would.
            registry = try OCIReference(parsing: "oci://" + url.dropFirst(6) + "/chart").registry
        } catch {
            let message = "invalid Helm repository URL: \(error.cause)"
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.urlInvalid, message: message)
            throw ReconcileError.stalling(reason: ConditionReason.urlInvalid, message: message)
        }
        url = "oci://" + url.dropFirst(6)
        func fail(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.authenticationFailed, message: message)
            return .generic(reason: ConditionReason.authenticationFailed, message: message)
        }
        let secrets = SourceSecretReader(context: context, namespace: namespace)
        var options = OCIClientOptions(insecure: repository.spec.insecure ?? false, timeout: (repository.spec.timeout ?? .seconds(60)).duration,
                                       maxBlobSize: Int64(chartMaxSize))
        if let ref = repository.spec.secretRef {
            let data = try await secrets.data(ref.name, "authentication secret", fail: fail)
            if let json = data[".dockerconfigjson"] {
                do {
                    options.credentials = try DockerConfig(json: Array(json.utf8), source: "secret '\(namespace)/\(ref.name)'")
                        .credentials(for: registry)
                } catch {
                    throw fail("invalid authentication secret '\(namespace)/\(ref.name)': \(error)")
                }
            } else if data["username"] != nil || data["password"] != nil {
                guard let username = data["username"], let password = data["password"] else {
                    throw fail("invalid authentication secret '\(namespace)/\(ref.name)': 'username' and 'password' must both be set")
                }
                options.credentials = OCICredentials(username: username, password: password)
            }
        }
        if let ref = repository.spec.certSecretRef {
            SourceSecretReader.applyTLS(try await secrets.data(ref.name, "TLS authentication secret", fail: fail), to: &options)
        }
        let client: OCIClient
        do {
            client = try OCIClient(options: options, logger: context.logger)
        } catch {
            throw fail("failed to construct Helm client: \(error)")
        }
        return OCIChartRepository(url: url, client: client, chartMaxSize: chartMaxSize)
    }
}
