import Crypto
import Foundation
import Logging
import SluiceKube
import SluiceAPI
import SluiceCore
import SluiceRuntime

extension HelmRepositoryReconciler {
    /// The `source` step: fetches `index.yaml`, and when its digest differs from the stored artifact's revision,
    /// loads and validates it for the artifact step.
    ///
    /// An `oci://` URL or a malformed one stalls; a Secret that cannot be read fails with `AuthenticationFailed`; a
    /// download failure (status, size bound, timeout) with `Failed`; an index that does not load with
    /// `IndexationFailed`. Each keeps the last artifact.
    func reconcileSource(_ object: inout HelmRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: HelmRepositoryWork) async throws -> ReconcileResult
    {
        func fail(_ reason: String, _ message: String, stalling: Bool = false) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: reason, message: message)
            return stalling ? .stalling(reason: reason, message: message) : .generic(reason: reason, message: message)
        }
        let url: URL
        switch Self.repositoryURL(object.spec.url) {
        case .success(let parsed): url = parsed
        case .failure(let error): throw fail(ConditionReason.urlInvalid, "invalid Helm repository URL: \(error)", stalling: true)
        }
        let client: ChartRepositoryClient
        do {
            client = try await ChartRepositoryClient.make(for: object, url: url, context: context)
        } catch {
            throw fail(ConditionReason.authenticationFailed, "\(error)")
        }
        let bytes: [UInt8]
        do {
            bytes = try await client.get(url.appendingPathComponent("index.yaml"), maxSize: indexMaxSize, what: "index")
        } catch {
            throw fail(ConditionReason.failed, "failed to fetch Helm repository index: \(error)")
        }
        let revision = "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        if let current = object.status?.artifact, current.revision == revision {
            conditions.delete(ConditionType.fetchFailed)
            return .success
        }
        let index: HelmIndex
        do {
            index = try HelmIndex(bytes: bytes)
        } catch {
            throw fail(ConditionReason.indexationFailed, "failed to load Helm repository from index YAML: \(error)")
        }
        conditions.delete(ConditionType.fetchFailed)
        work.fetched = HelmRepositoryWork.Fetched(revision: revision, size: bytes.count, index: index)
        let message = "new index revision '\(revision)'"
        if object.status?.artifact != nil {
            conditions.markTrue(ConditionType.artifactOutdated, reason: ConditionReason.newRevision, message: message)
        }
        conditions.markReconciling(reason: ConditionReason.progressing, message: "building artifact: \(message)")
        return .success
    }

    /// `spec.url` as an `http(s)` base URL with a trailing slash (Flux's `NormalizeURL`), or why it is not one.
    static func repositoryURL(_ text: String) -> Result<URL, ChartRepositoryClientError> {
        if text.lowercased().hasPrefix("oci://") {
            return .failure(ChartRepositoryClientError("'oci' URL scheme cannot be used with 'default' HelmRepository type"))
        }
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = components.host, !host.isEmpty
        else {
            return .failure(ChartRepositoryClientError("parse \"\(text)\": not an http or https URL with a host"))
        }
        if !components.path.hasSuffix("/") { components.path += "/" }
        guard let url = components.url else { return .failure(ChartRepositoryClientError("parse \"\(text)\": invalid URL")) }
        return .success(url)
    }

    /// The `oci` step: the URL must be `oci://`, a cloud `provider` is not supported yet, and the credentials
    /// Secret (when named) must be readable; then the object is Ready with no artifact.
    func reconcileOCI(_ object: inout HelmRepository, _ conditions: inout Conditions, _ context: ReconcileContext) async throws -> ReconcileResult {
        func fail(_ reason: String, _ message: String, stalling: Bool) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: reason, message: message)
            return stalling ? .stalling(reason: reason, message: message) : .generic(reason: reason, message: message)
        }
        guard object.spec.url.lowercased().hasPrefix("oci://"), URLComponents(string: object.spec.url)?.host?.isEmpty == false else {
            throw fail(ConditionReason.urlInvalid, "URL must be in format 'oci://<domain>/<org>/<repo>', got '\(object.spec.url)'", stalling: true)
        }
        if let provider = object.spec.provider, provider != "generic" {
            throw fail(ConditionReason.failed, "spec.provider '\(provider)' is not supported by Sluice's source-controller yet", stalling: true)
        }
        let namespace = object.metadata.namespace ?? ""
        for (field, ref) in [("secretRef", object.spec.secretRef), ("certSecretRef", object.spec.certSecretRef)] {
            guard let ref else { continue }
            let secret: KubeObject?
            do {
                secret = try await context.api.get(GitRepositoryReconciler.secretKind, namespace: namespace, name: ref.name)
            } catch {
                throw fail(ConditionReason.authenticationFailed, "failed to get secret '\(namespace)/\(ref.name)' (spec.\(field)): \(error)", stalling: false)
            }
            guard let secret else {
                throw fail(ConditionReason.authenticationFailed, "failed to get secret '\(namespace)/\(ref.name)' (spec.\(field)): not found", stalling: false)
            }
            do { _ = try SecretData(secret) } catch { throw fail(ConditionReason.authenticationFailed, "\(error)", stalling: false) }
        }
        conditions.delete(ConditionType.fetchFailed)
        conditions.delete(ConditionType.artifactInStorage)
        object.status?.artifact = nil
        object.status?.url = nil
        return .success
    }
}
