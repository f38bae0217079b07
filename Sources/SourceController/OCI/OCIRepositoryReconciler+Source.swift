import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceOCI
import SluiceRuntime

extension OCIRepositoryReconciler {
    /// The `source` step: refuses fields Sluice cannot honour, validates the URL, builds a client from the Secrets
    /// and resolves the reference to a digest (Flux's precedence: digest > semver > tag > `latest`).
    ///
    /// An unsupported field or a malformed URL stalls; credentials and registry failures set `FetchFailed` and retry.
    func reconcileSource(_ object: inout OCIRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: OCIRepositoryWork) async throws -> ReconcileResult
    {
        if let unsupported = Self.unsupportedFields(object.spec) {
            let message = "\(unsupported) is not supported by Sluice's source-controller yet"
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.readOperationFailed, message: message)
            throw ReconcileError.stalling(reason: ConditionReason.readOperationFailed, message: message)
        }
        let repository: OCIReference
        do {
            repository = try Self.repository(object.spec.url)
        } catch {
            let message = "URL validation failed for '\(object.spec.url)': \(error.cause)"
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.urlInvalid, message: message)
            throw ReconcileError.stalling(reason: ConditionReason.urlInvalid, message: message)
        }
        let client = try await makeClient(object, repository: repository, conditions: &conditions, context: context)
        func failed(_ reason: String, _ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: reason, message: message)
            return .generic(reason: reason, message: message)
        }
        let ref = object.spec.ref ?? OCIRepositoryRef()
        var tagged = repository
        if let digest = ref.digest, !digest.isEmpty {
            guard OCIDigest(digest) != nil else {
                let message = "invalid spec.ref.digest '\(digest)': expected sha256:<64 hex>"
                conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.urlInvalid, message: message)
                throw ReconcileError.stalling(reason: ConditionReason.urlInvalid, message: message)
            }
            tagged = repository.with(digest: digest)
        } else if let semver = ref.semver, !semver.isEmpty {
            do {
                let tags = try await client.listTags(repository)
                let helm = object.spec.layerSelector?.mediaType == OCIMediaType.helmChartContent
                tagged = repository.with(tag: try OCITagSelection.highest(satisfying: semver, filter: ref.semverFilter, among: tags,
                                                                          helmChart: helm, reference: repository.description))
            } catch {
                throw failed(ConditionReason.readOperationFailed, "failed to determine the artifact tag for '\(object.spec.url)': \(error)")
            }
        } else {
            tagged = repository.with(tag: ref.tag.flatMap { $0.isEmpty ? nil : $0 } ?? "latest")
        }
        let digest: String
        do {
            digest = try await client.resolve(tagged)
        } catch {
            throw failed(Self.pullFailed, "failed to determine artifact digest: \(error)")
        }
        let revision = tagged.tag.map { "\($0)@\(digest)" } ?? digest
        conditions.delete(ConditionType.fetchFailed)
        work.client = client
        work.resolved = tagged.with(digest: digest)
        work.revision = revision
        if object.status?.artifact?.revision != revision {
            let message = "new revision '\(revision)' for '\(tagged)'"
            conditions.markTrue(ConditionType.artifactOutdated, reason: ConditionReason.newRevision, message: message)
            conditions.markReconciling(reason: ConditionReason.progressing, message: "building artifact: \(message)")
        }
        return .success
    }

    /// The repository an OCIRepository URL names: `oci://host/path`, without a tag or digest (Flux refuses both).
    static func repository(_ url: String) throws(OCIError) -> OCIReference {
        guard url.hasPrefix("oci://") else {
            throw OCIError(.invalidReference, reference: url, "URL must be in format 'oci://<domain>/<org>/<repo>'")
        }
        let parsed = try OCIReference(parsing: url)
        if let tag = parsed.tag { throw OCIError(.invalidReference, reference: url, "URL must not contain a tag; remove ':\(tag)'") }
        if parsed.digest != nil { throw OCIError(.invalidReference, reference: url, "URL must not contain a digest; use spec.ref.digest") }
        return parsed
    }

    /// The first field set that this controller cannot honour, rather than silently pulling something unverified or as another identity.
    static func unsupportedFields(_ spec: OCIRepositorySpec) -> String? {
        if spec.verify != nil { return "spec.verify (signature verification)" }
        if let provider = spec.provider, provider != "generic" { return "spec.provider '\(provider)'" }
        if spec.proxySecretRef != nil { return "spec.proxySecretRef" }
        if let account = spec.serviceAccountName, !account.isEmpty { return "spec.serviceAccountName" }
        if let operation = spec.layerSelector?.operation, ![OCILayerSelector.extract, OCILayerSelector.copy].contains(operation) {
            return "spec.layerSelector.operation '\(operation)'"
        }
        return nil
    }

    /// A client with the object's credentials (`secretRef`, a `kubernetes.io/dockerconfigjson` Secret), TLS material
    /// (`certSecretRef`: `ca.crt`, `tls.crt`, `tls.key`), `insecure` and `timeout`.
    private func makeClient(_ object: OCIRepository, repository: OCIReference, conditions: inout Conditions,
                            context: ReconcileContext) async throws -> OCIClient
    {
        let namespace = object.metadata.namespace ?? ""
        func fail(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.authenticationFailed, message: message)
            return .generic(reason: ConditionReason.authenticationFailed, message: message)
        }
        let secrets = SourceSecretReader(context: context, namespace: namespace)
        var options = OCIClientOptions(insecure: object.spec.insecure ?? false, timeout: (object.spec.timeout ?? .seconds(60)).duration,
                                       maxBlobSize: artifactMaxSize)
        if let ref = object.spec.secretRef {
            let data = try await secrets.data(ref.name, "secret", fail: fail)
            guard let json = data[".dockerconfigjson"] else {
                throw fail("secret '\(namespace)/\(ref.name)' has no '.dockerconfigjson' key (it must be of type kubernetes.io/dockerconfigjson)")
            }
            do {
                options.credentials = try DockerConfig(json: Array(json.utf8), source: "secret '\(namespace)/\(ref.name)'")
                    .credentials(for: repository.registry)
            } catch {
                throw fail("invalid secret '\(namespace)/\(ref.name)': \(error)")
            }
        }
        if let ref = object.spec.certSecretRef {
            SourceSecretReader.applyTLS(try await secrets.data(ref.name, "secret", fail: fail), to: &options)
        }
        do {
            return try OCIClient(options: options, logger: context.logger)
        } catch {
            throw fail("failed to generate transport for '\(object.spec.url)': \(error)")
        }
    }
}
