import Foundation
import Logging
import SluiceCore
import SluiceHelm
import SluiceKube

/// Helm's actions (`helm.sh/helm/v4/pkg/action`) against a cluster: install, upgrade, test, rollback and uninstall of
/// one release, with hooks (weights, delete policies), CRDs, waiting with kstatus, and the revisions kept in a
/// ``ReleaseStorage``.
///
/// Configured as Flux's helm-controller configures Helm: objects are server-side applied with conflicts forced
/// (install's default; an upgrade or rollback keeps the apply method of the revision it starts from), objects that
/// exist and belong to no release are taken over unless `disableTakeOwnership`, and waits follow kstatus. The timeout
/// of a request bounds the whole action (hooks and waits share it). Every failure is a ``HelmActionError`` in Helm's
/// words; when the action had stored a revision, that revision is recorded `failed` first and carried by the error.
/// Cancelling the task fails the action the same way (`context canceled`).
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
        do {
            let capabilities = try await clusterCapabilities()
            return try await renderRecord(request, isUpgrade: isUpgrade, revision: revision,
                                          serverSideApply: request.serverSideApply ?? true, capabilities: capabilities).record
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
    }

    /// `helm install`: records revision 1 (or the next after an uninstalled one kept in history).
    public func install(_ request: HelmActionRequest) async throws -> HelmReleaseRecord {
        let deadline = ActionDeadline(request.timeout)
        let serverSideApply = request.serverSideApply ?? true
        var record: HelmReleaseRecord
        var objects: [KubeObject]
        var replacing: HelmReleaseRecord?
        do {
            let history = try await storage.history(name: request.releaseName)
            if let last = history.max(by: { $0.version < $1.version }) {
                guard last.info.status == .uninstalled || (request.replace && last.info.status == .failed) else {
                    throw ActionFailure("release name check failed: cannot reuse a name that is still in use")
                }
                replacing = last
            }
            let capabilities = try await clusterCapabilities()
            try await applyCRDs(chartCRDs(request), policy: request.crds, serverSideApply: serverSideApply, labels: request.originLabels,
                                deadline: deadline)
            record = try await renderRecord(request, isUpgrade: false, revision: (replacing?.version ?? 0) + 1,
                                            serverSideApply: serverSideApply, capabilities: capabilities).record
            do {
                objects = try await self.objects(of: record.manifest, namespace: request.namespace)
            } catch {
                throw ActionFailure("unable to build kubernetes objects from release manifest: \(ActionFailure.text(error))")
            }
            objects = objects.map { Self.owned($0, release: request.releaseName, namespace: request.namespace) }
            if request.disableTakeOwnership {
                do {
                    try await checkOwnership(objects, release: request.releaseName, namespace: request.namespace)
                } catch {
                    throw ActionFailure("unable to continue with install: \(ActionFailure.text(error))")
                }
            }
            if request.createNamespace {
                var namespace = KubeObject(apiVersion: "v1", kind: "Namespace", name: request.namespace)
                namespace.labels = ["name": request.namespace]
                if try await client.get(namespace.gvk, namespace: nil, name: request.namespace) == nil {
                    try await put(namespace, serverSideApply: serverSideApply, force: false, deadline: deadline)
                }
            }
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
        if var last = replacing, last.info.status != .failed, last.info.status != .uninstalled {
            last.info.status = .superseded
            last.info.description = "superseded by new release"
            try? await storage.update(last)
        }
        record.info.status = .pendingInstall
        record.info.description = "Initial install underway"
        do {
            try await storage.create(record)
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
        logger.info("installing release", metadata: ["release": "\(request.releaseName)", "revision": "\(record.version)"])
        do {
            if !request.disableHooks {
                do {
                    try await runHooks("pre-install", record: &record, serverSideApply: serverSideApply, deadline: deadline)
                } catch {
                    throw ActionFailure("failed pre-install: \(ActionFailure.text(error))")
                }
            }
            for object in objects {
                try Task.checkCancellation()
                try await put(object, serverSideApply: serverSideApply, force: false, deadline: deadline)
            }
            if request.wait { try await waitForHealth(objects, waitForJobs: request.waitForJobs, deadline: deadline) }
            if !request.disableHooks {
                do {
                    try await runHooks("post-install", record: &record, serverSideApply: serverSideApply, deadline: deadline)
                } catch {
                    throw ActionFailure("failed post-install: \(ActionFailure.text(error))")
                }
            }
        } catch {
            let message = ActionFailure.text(error)
            record.info.status = .failed
            record.info.description = "Release \(GoQuote.quote(request.releaseName)) failed: \(message)"
            await recordDetached(record)
            throw HelmActionError(message, release: record)
        }
        record.info.status = .deployed
        record.info.description = "Install complete"
        try await recordOrFail(record)
        return record
    }

    /// `helm upgrade`: records the next revision, supersedes the deployed one.
    public func upgrade(_ request: HelmActionRequest) async throws -> HelmReleaseRecord {
        let deadline = ActionDeadline(request.timeout)
        let name = request.releaseName
        var current: HelmReleaseRecord
        var record: HelmReleaseRecord
        var targets: [KubeObject]
        var previous: [KubeObject]
        let serverSideApply: Bool
        do {
            let history = try await storage.history(name: name)
            guard let last = history.max(by: { $0.version < $1.version }) else {
                throw ActionFailure("\(GoQuote.quote(name)) has no deployed releases")
            }
            if last.info.status.isPending { throw ActionFailure("another operation (install/upgrade/rollback) is in progress") }
            if last.info.status == .deployed {
                current = last
            } else if let deployed = history.filter({ $0.info.status == .deployed }).max(by: { $0.version < $1.version }) {
                current = deployed
            } else if last.info.status == .failed || last.info.status == .superseded {
                current = last
            } else {
                throw ActionFailure("\(GoQuote.quote(name)) has no deployed releases")
            }
            serverSideApply = request.serverSideApply ?? (last.applyMethod == "ssa")
            try await applyCRDs(chartCRDs(request), policy: request.crds, serverSideApply: serverSideApply, labels: request.originLabels, deadline: deadline)
            let capabilities = try await clusterCapabilities()
            record = try await renderRecord(request, isUpgrade: true, revision: last.version + 1, serverSideApply: serverSideApply,
                                            capabilities: capabilities).record
            record.namespace = current.namespace
            record.info.firstDeployed = current.info.firstDeployed
            record.labels = last.labels
            do {
                previous = try await objects(of: current.manifest, namespace: current.namespace)
            } catch {
                throw ActionFailure("unable to build kubernetes objects from current release manifest: \(ActionFailure.text(error))")
            }
            do {
                targets = try await objects(of: record.manifest, namespace: current.namespace)
            } catch {
                throw ActionFailure("unable to build kubernetes objects from new release manifest: \(ActionFailure.text(error))")
            }
            targets = targets.map { Self.owned($0, release: name, namespace: current.namespace) }
            if request.disableTakeOwnership {
                let existing = Set(previous.map(Self.key))
                do {
                    try await checkOwnership(targets.filter { !existing.contains(Self.key($0)) }, release: name, namespace: current.namespace)
                } catch {
                    throw ActionFailure("unable to continue with update: \(ActionFailure.text(error))")
                }
            }
            if request.maxHistory > 0 { try await storage.prune(name: name, maxHistory: request.maxHistory - 1) }
            record.info.status = .pendingUpgrade
            record.info.description = "Preparing upgrade"
            try await storage.create(record)
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
        logger.info("upgrading release", metadata: ["release": "\(name)", "revision": "\(record.version)"])
        var created: [KubeObject] = []
        do {
            if !request.disableHooks {
                do {
                    try await runHooks("pre-upgrade", record: &record, serverSideApply: serverSideApply, deadline: deadline)
                } catch {
                    throw ActionFailure("pre-upgrade hooks failed: \(ActionFailure.text(error))")
                }
            }
            created = try await update(from: previous, to: targets, serverSideApply: serverSideApply, force: request.force, deadline: deadline)
            if request.wait { try await waitForHealth(targets, waitForJobs: request.waitForJobs, deadline: deadline) }
            if !request.disableHooks {
                do {
                    try await runHooks("post-upgrade", record: &record, serverSideApply: serverSideApply, deadline: deadline)
                } catch {
                    throw ActionFailure("post-upgrade hooks failed: \(ActionFailure.text(error))")
                }
            }
        } catch {
            let message = ActionFailure.text(error)
            record.info.status = .failed
            record.info.description = "Upgrade \(GoQuote.quote(name)) failed: \(message)"
            await recordDetached(record)
            if request.cleanupOnFail, !created.isEmpty {
                logger.info("cleanup on fail set", metadata: ["release": "\(name)", "count": "\(created.count)"])
                for object in created { _ = try? await remove(object) }
            }
            throw HelmActionError(message, release: record)
        }
        current.info.status = .superseded
        try? await storage.update(current)
        record.info.status = .deployed
        record.info.description = "Upgrade complete"
        try await recordOrFail(record)
        return record
    }

    /// `helm test`: runs the latest revision's test hooks (those `filters` select), recording their runs.
    public func test(releaseName: String, timeout: Duration, filters: [(name: String, exclude: Bool)] = []) async throws -> HelmReleaseRecord {
        let deadline = ActionDeadline(timeout)
        var record: HelmReleaseRecord
        do {
            guard let last = try await storage.last(name: releaseName) else {
                throw ActionFailure("release: not found")
            }
            record = last
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
        let excluded = Set(filters.filter { $0.exclude }.map { $0.name })
        let included = Set(filters.filter { !$0.exclude }.map { $0.name })
        let selected = Set(record.hooks.map(\.name).filter { !excluded.contains($0) && (included.isEmpty || included.contains($0)) })
        let serverSideApply = record.applyMethod == "ssa"
        do {
            try await runHooks("test", record: &record, serverSideApply: serverSideApply, deadline: deadline, only: selected)
        } catch {
            let message = ActionFailure.text(error)
            await recordDetached(record)
            throw HelmActionError(message, release: record)
        }
        try await recordOrFail(record)
        return record
    }

    /// `helm rollback`: re-releases revision `version` (the previous deployed one when nil) as a new revision.
    public func rollback(releaseName: String, toVersion version: Int? = nil, timeout: Duration, wait: Bool = true,
                         waitForJobs: Bool = true, disableHooks: Bool = false, force: Bool = false, recreate: Bool = false,
                         cleanupOnFail: Bool = false, maxHistory: Int = 5) async throws -> HelmReleaseRecord
    {
        let deadline = ActionDeadline(timeout)
        var current: HelmReleaseRecord
        var record: HelmReleaseRecord
        var previous: [KubeObject]
        var targets: [KubeObject]
        let serverSideApply: Bool
        do {
            let history = try await storage.history(name: releaseName)
            guard let last = history.max(by: { $0.version < $1.version }) else { throw ActionFailure("release: not found") }
            current = last
            let targetVersion: Int
            if let version {
                targetVersion = version
            } else {
                guard let found = history.filter({ $0.version < last.version && [.deployed, .superseded].contains($0.info.status) })
                    .max(by: { $0.version < $1.version })?.version
                else {
                    throw ActionFailure("release has no \(last.version - 1) version")
                }
                targetVersion = found
            }
            guard let target = history.first(where: { $0.version == targetVersion }) else {
                throw ActionFailure("release has no \(targetVersion) version")
            }
            serverSideApply = target.applyMethod == "ssa"
            record = HelmReleaseRecord(
                name: releaseName,
                info: HelmReleaseInfo(firstDeployed: current.info.firstDeployed, lastDeployed: Timestamp.rfc3339Nano(Date()),
                                      description: "Rollback to \(targetVersion)", status: .pendingRollback, notes: target.info.notes),
                chart: target.chart, config: target.config, manifest: target.manifest,
                hooks: target.hooks.map { hook in
                    var hook = hook
                    hook.lastRun = HelmHookExecution()
                    return hook
                },
                version: current.version + 1, namespace: current.namespace, labels: target.labels,
                applyMethod: serverSideApply ? "ssa" : "csa")
            do {
                previous = try await objects(of: current.manifest, namespace: current.namespace)
            } catch {
                throw ActionFailure("unable to build kubernetes objects from current release manifest: \(ActionFailure.text(error))")
            }
            do {
                targets = try await objects(of: record.manifest, namespace: current.namespace)
                    .map { Self.owned($0, release: releaseName, namespace: current.namespace) }
            } catch {
                throw ActionFailure("unable to build kubernetes objects from new release manifest: \(ActionFailure.text(error))")
            }
            if maxHistory > 0 { try await storage.prune(name: releaseName, maxHistory: maxHistory - 1) }
            try await storage.create(record)
        } catch {
            throw HelmActionError(ActionFailure.text(error))
        }
        logger.info("rolling back release", metadata: ["release": "\(releaseName)", "revision": "\(record.version)"])
        var created: [KubeObject] = []
        var applied = false
        do {
            if !disableHooks {
                try await runHooks("pre-rollback", record: &record, serverSideApply: serverSideApply, deadline: deadline)
            }
            created = try await update(from: previous, to: targets, serverSideApply: serverSideApply, force: force || recreate,
                                       deadline: deadline)
            applied = true
            if wait { try await waitForHealth(targets, waitForJobs: waitForJobs, deadline: deadline) }
            if !disableHooks {
                try await runHooks("post-rollback", record: &record, serverSideApply: serverSideApply, deadline: deadline)
            }
        } catch {
            var message = ActionFailure.text(error)
            record.info.status = .failed
            if applied {
                record.info.description = "Release \(GoQuote.quote(releaseName)) failed: \(message)"
                message = "release \(releaseName) failed: \(message)"
            } else {
                record.info.description = "Rollback \(GoQuote.quote(releaseName)) failed: \(message)"
                current.info.status = current.info.status == .deployed ? .superseded : current.info.status
                await recordDetached(current)
            }
            await recordDetached(record)
            if cleanupOnFail {
                for object in created { _ = try? await remove(object) }
            }
            throw HelmActionError(message, release: record)
        }
        for var deployed in (try? await storage.history(name: releaseName)) ?? [] where deployed.info.status == .deployed {
            deployed.info.status = .superseded
            try? await storage.update(deployed)
        }
        record.info.status = .deployed
        try await recordOrFail(record)
        return record
    }

    /// `helm uninstall`: deletes the release's objects (not those with `helm.sh/resource-policy: keep`), runs the
    /// delete hooks, and removes the history unless `keepHistory` (then the last revision is `uninstalled`).
    ///
    /// Only objects that carry the release's ownership metadata are deleted (Helm 4's `verifyOwnershipBeforeDelete`).
    /// - Returns: The last revision as it ended (`uninstalled`), or nil when there is no release of that name.
    public func uninstall(releaseName: String, timeout: Duration, wait: Bool = true, disableHooks: Bool = false,
                          keepHistory: Bool = false, deletionPropagation: PropagationPolicy = .background) async throws -> HelmReleaseRecord?
    {
        let deadline = ActionDeadline(timeout)
        let history: [HelmReleaseRecord]
        do {
            history = try await storage.history(name: releaseName).sorted { $0.version < $1.version }
        } catch {
            throw HelmActionError("uninstall: Release not loaded: \(releaseName): \(ActionFailure.text(error))")
        }
        guard var record = history.last else { return nil }
        if record.info.status == .uninstalled {
            if keepHistory { throw HelmActionError("the release named \(GoQuote.quote(releaseName)) is already deleted", release: record) }
            try await purge(history)
            return record
        }
        logger.info("uninstalling release", metadata: ["release": "\(releaseName)", "revision": "\(record.version)"])
        record.info.status = .uninstalling
        record.info.deleted = Timestamp.rfc3339Nano(Date())
        record.info.description = "Deletion in progress (or silently failed)"
        var errors: [String] = []
        do {
            if !disableHooks {
                try await runHooks("pre-delete", record: &record, serverSideApply: true, deadline: deadline)
            }
            try? await storage.update(record)
            let objects: [KubeObject]
            do {
                let built = try await self.objects(of: record.manifest, namespace: record.namespace)
                objects = ReleaseManifests.uninstallOrder(built, kind: \.kind)
            } catch {
                throw ActionFailure("failed to delete release: \(releaseName)")
            }
            var deleted: [KubeObject] = []
            for object in objects {
                guard let live = try await client.get(object.gvk, namespace: object.namespace, name: object.name) else { continue }
                if Self.isKept(live) || Self.isKept(object) {
                    logger.info("keeping resource due to the resource policy", metadata: ["object": "\(object.displayName)"])
                    continue
                }
                if Self.ownershipProblem(live, release: releaseName, namespace: record.namespace) != nil {
                    logger.warning("skipping delete of resource not owned by this release", metadata: ["object": "\(object.displayName)"])
                    continue
                }
                if try await remove(object, propagation: deletionPropagation) { deleted.append(object) }
            }
            if wait {
                do {
                    try await waitUntilGone(deleted, deadline: deadline)
                } catch {
                    errors.append(ActionFailure.text(error))
                }
            }
            if !disableHooks {
                do {
                    try await runHooks("post-delete", record: &record, serverSideApply: true, deadline: deadline)
                } catch {
                    errors.append(ActionFailure.text(error))
                }
            }
        } catch {
            let message = ActionFailure.text(error)
            await recordDetached(record)
            throw HelmActionError(message, release: record)
        }
        record.info.status = .uninstalled
        record.info.description = "Uninstallation complete"
        if !keepHistory {
            do {
                try await purge(history)
            } catch {
                errors.append("uninstall: Failed to purge the release: \(ActionFailure.text(error))")
            }
        } else {
            try? await storage.update(record)
            for var deployed in history where deployed.info.status == .deployed && deployed.version != record.version {
                deployed.info.status = .superseded
                try? await storage.update(deployed)
            }
        }
        if !errors.isEmpty {
            throw HelmActionError("uninstallation completed with \(errors.count) error(s): \(errors.joined(separator: "; "))", release: record)
        }
        return record
    }

    /// Helm's `KubeClient.Update`: creates or changes every object of `targets`, then deletes the objects of
    /// `previous` that `targets` no longer has (unless `helm.sh/resource-policy: keep` is on the live object).
    ///
    /// - Returns: The objects it created (what `cleanupOnFail` deletes).
    private func update(from previous: [KubeObject], to targets: [KubeObject], serverSideApply: Bool, force: Bool,
                        deadline: ActionDeadline) async throws -> [KubeObject]
    {
        var created: [KubeObject] = []
        var failures: [String] = []
        for object in targets {
            try Task.checkCancellation()
            do {
                if try await put(object, serverSideApply: serverSideApply, force: force, deadline: deadline) { created.append(object) }
            } catch {
                failures.append(ActionFailure.text(error))
            }
        }
        if !failures.isEmpty { throw ActionFailure(failures.joined(separator: " && ")) }
        let kept = Set(targets.map(Self.key))
        for object in previous where !kept.contains(Self.key(object)) {
            guard let live = try? await client.get(object.gvk, namespace: object.namespace, name: object.name) else { continue }
            if Self.isKept(live) {
                logger.debug("skipping delete due to annotation", metadata: ["object": "\(object.displayName)"])
                continue
            }
            do {
                try await remove(object)
            } catch {
                failures.append("failed to delete resource namespace=\(object.namespace ?? ""), name=\(object.name), kind=\(object.kind): "
                    + ActionFailure.text(error))
            }
        }
        if !failures.isEmpty { throw ActionFailure(failures.joined(separator: " && ")) }
        return created
    }

    /// Removes every revision of `history`.
    private func purge(_ history: [HelmReleaseRecord]) async throws {
        for record in history { try await storage.delete(name: record.name, version: record.version) }
    }

    /// Stores `record` even when the task was cancelled (the failure must be on record for the next attempt).
    private func recordDetached(_ record: HelmReleaseRecord) async {
        let storage = storage
        let logger = logger
        await Task.detached {
            do {
                try await storage.update(record)
            } catch {
                logger.warning("failed to update release", metadata: ["release": "\(record.name)", "revision": "\(record.version)",
                                                                      "error": "\(ActionFailure.text(error))"])
            }
        }.value
    }

    /// Stores the final state of a successful action; a storage failure fails the action.
    private func recordOrFail(_ record: HelmReleaseRecord) async throws {
        do {
            try await storage.update(record)
        } catch {
            throw HelmActionError("failed to record the release: \(ActionFailure.text(error))", release: record)
        }
    }
}
