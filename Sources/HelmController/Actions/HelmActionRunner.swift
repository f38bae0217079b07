import Foundation
import Logging
import SluiceCore
import SluiceHelm
import SluiceKube

/// Helm's actions (`helm.sh/helm/v4/pkg/action`) against a cluster: install, upgrade, test, rollback and uninstall of
/// one release, with hooks (weights, delete policies), CRDs, waiting with kstatus, and the revisions kept in a
/// ``ReleaseStorage``.
public struct HelmActionRunner: Sendable {
    /// The cluster.
    public let client: KubernetesClient
    /// Where the release's revisions are kept (its namespace is the storage namespace).
    public let storage: any ReleaseStorage
    /// The field manager of every apply.
    public let fieldManager: String
    /// How often waits poll.
    public let pollInterval: Duration
    /// Where progress is logged.
    public let logger: Logger

    /// A runner.
    public init(client: KubernetesClient, storage: any ReleaseStorage, fieldManager: String = "helm-controller",
                pollInterval: Duration = .seconds(1), logger: Logger)
    {
        self.client = client
        self.storage = storage
        self.fieldManager = fieldManager
        self.pollInterval = pollInterval
        self.logger = logger
    }

    /// Renders the release `request` describes as revision `revision` without touching the cluster or storage
    /// (what an install or upgrade would record), for diffs and `template`.
    public func render(_ request: HelmActionRequest, isUpgrade: Bool, revision: Int) async throws -> HelmReleaseRecord {
        throw HelmActionError("render: not implemented yet")
    }

    /// `helm install`: records revision 1 (or the next after an uninstalled one kept in history).
    public func install(_ request: HelmActionRequest) async throws -> HelmReleaseRecord {
        throw HelmActionError("install: not implemented yet")
    }

    /// `helm upgrade`: records the next revision, supersedes the deployed one.
    public func upgrade(_ request: HelmActionRequest) async throws -> HelmReleaseRecord {
        throw HelmActionError("upgrade: not implemented yet")
    }

    /// `helm test`: runs the latest revision's test hooks (those `filters` select), recording their runs.
    public func test(releaseName: String, timeout: Duration, filters: [(name: String, exclude: Bool)] = []) async throws -> HelmReleaseRecord {
        throw HelmActionError("test: not implemented yet")
    }

    /// `helm rollback`: re-releases revision `version` (the previous deployed one when nil) as a new revision.
    public func rollback(releaseName: String, toVersion version: Int? = nil, timeout: Duration, wait: Bool = true,
                         waitForJobs: Bool = true, disableHooks: Bool = false, force: Bool = false, recreate: Bool = false,
                         cleanupOnFail: Bool = false, maxHistory: Int = 5) async throws -> HelmReleaseRecord
    {
        throw HelmActionError("rollback: not implemented yet")
    }

    /// `helm uninstall`: deletes the release's objects (not those with `helm.sh/resource-policy: keep`), runs the
    /// delete hooks, and removes the history unless `keepHistory` (then the last revision is `uninstalled`).
    public func uninstall(releaseName: String, timeout: Duration, wait: Bool = true, disableHooks: Bool = false,
                          keepHistory: Bool = false, deletionPropagation: PropagationPolicy = .background) async throws -> HelmReleaseRecord?
    {
        throw HelmActionError("uninstall: not implemented yet")
    }
}
