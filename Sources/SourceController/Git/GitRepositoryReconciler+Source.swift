import SluiceAPI
import SluiceCore
import SluiceGit
import SluiceKube
import SluiceRuntime

extension GitRepositoryReconciler {
    /// The `source` step: validates the URL, reads the credentials, fetches into the cache and resolves the reference.
    ///
    /// A malformed URL or unsupported scheme stalls (nothing changes until the
    /// spec does); every other failure sets `FetchFailed` and retries with
    /// back-off, keeping the last artifact.
    func reconcileSource(_ object: inout GitRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                         _ work: GitRepositoryWork) async throws -> ReconcileResult
    {
        if let unsupported = Self.unsupportedFields(object.spec) {
            let message = "\(unsupported) is not supported by Sluice's source-controller yet"
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.gitOperationFailed, message: message)
            throw ReconcileError.stalling(reason: ConditionReason.gitOperationFailed, message: message)
        }
        func invalidURL(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.urlInvalid, message: message)
            return .stalling(reason: ConditionReason.urlInvalid, message: message)
        }
        let url: GitURL
        do {
            url = try GitURL(object.spec.url)
        } catch {
            throw invalidURL("\(error)")
        }
        if !allowLocalGitURLs, Self.localSchemes.contains(url.scheme) {
            throw invalidURL("URL scheme '\(url.scheme)' in '\(url.redacted)' is not allowed: use https, http or ssh "
                + "(file:// and git:// are accepted only when the source-controller runs with --allow-local-git-urls)")
        }
        let reference = object.spec.ref.gitReference
        if case .semver(let constraint) = reference {
            do {
                _ = try VersionConstraint(constraint)
            } catch {
                let message = "invalid spec.ref.semver '\(constraint)': \(error)"
                conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.gitOperationFailed, message: message)
                throw ReconcileError.stalling(reason: ConditionReason.gitOperationFailed, message: message)
            }
        }
        let auth = try await credentials(for: object, conditions: &conditions, context: context)
        let timeout = (object.spec.timeout ?? .seconds(60)).duration
        let fetched: FetchedRevision
        do {
            fetched = try await git.fetch(url: object.spec.url, reference: reference, auth: auth, timeout: timeout)
        } catch let error as GitError {
            let reason = error.kind == .authentication || error.kind == .hostKey || error.kind == .certificate
                ? ConditionReason.authenticationFailed : ConditionReason.gitOperationFailed
            let message = "failed to checkout and determine revision: \(error.message)"
            conditions.markTrue(ConditionType.fetchFailed, reason: reason, message: message)
            throw ReconcileError.generic(reason: reason, message: message)
        }
        conditions.delete(ConditionType.fetchFailed)
        work.fetched = fetched
        if object.status?.artifact?.revision != fetched.revision {
            let message = "new upstream revision '\(fetched.revision)'"
            conditions.markTrue(ConditionType.artifactOutdated, reason: ConditionReason.newRevision, message: message)
            conditions.markReconciling(reason: ConditionReason.newRevision, message: message)
        }
        return .success
    }

    /// The URL schemes refused without `--allow-local-git-urls`: `file` reads any repository on the controller's
    /// disk, other objects' Git caches included; `git` is unauthenticated and reaches daemons on the controller's host.
    static let localSchemes: Set<String> = ["file", "git"]

    /// The first field set that this controller cannot honour, rather than silently producing a different artifact.
    static func unsupportedFields(_ spec: GitRepositorySpec) -> String? {
        if let provider = spec.provider, provider != "generic" { return "spec.provider '\(provider)'" }
        if spec.verify != nil { return "spec.verify (commit signature verification)" }
        if spec.recurseSubmodules == true { return "spec.recurseSubmodules" }
        if spec.proxySecretRef != nil { return "spec.proxySecretRef" }
        return nil
    }

    /// The credentials in `spec.secretRef`, or none.
    private func credentials(for object: GitRepository, conditions: inout Conditions, context: ReconcileContext) async throws -> GitAuth {
        guard let ref = object.spec.secretRef else { return GitAuth() }
        let namespace = object.metadata.namespace ?? ""
        func fail(_ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: ConditionReason.authenticationFailed, message: message)
            return .generic(reason: ConditionReason.authenticationFailed, message: message)
        }
        let secret: KubeObject?
        do {
            secret = try await context.api.get(Self.secretKind, namespace: namespace, name: ref.name)
        } catch {
            throw fail("failed to get secret '\(namespace)/\(ref.name)': \(error)")
        }
        guard let secret else { throw fail("failed to get secret '\(namespace)/\(ref.name)': not found") }
        do {
            return try GitAuth(secret: secret)
        } catch {
            throw fail("invalid secret: \(error)")
        }
    }

    /// `v1 Secret`.
    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")
}
