import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

extension ReleaseRun {
    /// Flux's `Install`: a new release from the chart and values; a failure that wrote a revision counts against
    /// the install remediation and is acted on by the next pass of the loop.
    func install(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        HelmReleaseReconciler.updateStatus(&object) { status in
            status.lastAttemptedReleaseAction = HelmRemediation.Action.install.rawValue
            status.history = nil
        }
        conditions.delete(ConditionType.testSuccess)
        conditions.delete(ConditionType.remediated)
        defer { reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest) }

        let (written, failure) = try await writing { try await runner.install(request(object, upgrade: false)) }
        await observe(written, on: &object, action: HelmRemediation.Action.install.rawValue)
        if let failure {
            releaseFailed(&object, &conditions, action: .install, error: failure)
            if written.isEmpty { throw failure }
            HelmRemediation.install(object).incrementFailureCount(&object)
            return
        }
        releaseSucceeded(&object, &conditions, action: .install)
    }

    /// Flux's `Upgrade`: the next revision from the chart and values.
    func upgrade(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        HelmReleaseReconciler.updateStatus(&object) { $0.lastAttemptedReleaseAction = HelmRemediation.Action.upgrade.rawValue }
        conditions.delete(ConditionType.testSuccess)
        conditions.delete(ConditionType.remediated)
        defer { reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest) }

        let (written, failure) = try await writing { try await runner.upgrade(request(object, upgrade: true)) }
        await observe(written, on: &object, action: HelmRemediation.Action.upgrade.rawValue)
        if let failure {
            releaseFailed(&object, &conditions, action: .upgrade, error: failure)
            if written.isEmpty { throw failure }
            HelmRemediation.upgrade(object).incrementFailureCount(&object)
            return
        }
        releaseSucceeded(&object, &conditions, action: .upgrade)
    }

    /// Flux's `Test`: runs the latest revision's test hooks and records their phases on its snapshot.
    func test(_ object: inout HelmRelease, _ conditions: inout Conditions) async throws {
        defer { reconciler.summarize(&object, &conditions, postRenderersDigest: work.postRenderersDigest) }
        guard let current = HelmReleaseReconciler.history(object).latest else {
            throw ReleaseRunError("no latest release: required for test")
        }
        let filters = object.spec.test?.filters ?? []
        var failure: (any Error)?
        do {
            let tested = try await runner.test(releaseName: current.name, timeout: HelmReleaseReconciler.timeout(of: .test, object),
                                               filters: filters.map { ($0.name, $0.exclude ?? false) })
            if !(tested.name == current.name && tested.namespace == current.namespace && tested.version == current.version) {
                failure = ReleaseRunError("release mismatch: tested release \(tested.namespace)/\(tested.name).v\(tested.version) != current release \(current.fullReleaseName)")
            }
        } catch {
            failure = error
        }
        // The test records its hooks' runs on the stored revision: observe it, whatever the outcome.
        if let stored = try? await storage.get(name: current.name, version: current.version) {
            var history = HelmReleaseReconciler.history(object)
            if let index = history.firstIndex(where: { $0.targets(name: stored.name, namespace: stored.namespace, version: stored.version) }) {
                var tested = ReleaseObservation(stored, ociDigest: current.ociDigest).snapshot(configDigest: current.configDigest,
                                                                                               action: current.action)
                tested.testHooks = ReleaseObservation.testHooks(of: stored, filters: filters)
                history[index] = tested
                HelmReleaseReconciler.setHistory(&object, history)
            }
        }
        let latest = HelmReleaseReconciler.history(object).latest ?? current
        if let failure {
            let message = HelmReleaseMessages.testFailed(latest, error: Self.words(failure))
            HelmReleaseReconciler.countFailure(&object)
            conditions.markFalse(ConditionType.testSuccess, reason: ConditionReason.testFailed, message: message)
            reconciler.recordEvent(object, context, warning: true, reason: ConditionReason.testFailed, message: message, about: latest)
            guard latest.hasBeenTested else { throw failure }
            if let remediation = HelmRemediation.active(for: object),
                !remediation.mustIgnoreTestFailures(HelmReleaseReconciler.ignoresTestFailures(object))
            {
                remediation.incrementFailureCount(&object)
            }
            return
        }
        let message = HelmReleaseMessages.testSucceeded(latest)
        conditions.markTrue(ConditionType.testSuccess, reason: ConditionReason.testSucceeded, message: message)
        reconciler.recordEvent(object, context, warning: false, reason: ConditionReason.testSucceeded, message: message, about: latest)
    }

    // MARK: - Shared

    /// The install or upgrade request the spec describes.
    func request(_ object: HelmRelease, upgrade: Bool) -> HelmActionRequest {
        HelmReleaseReconciler.actionRequest(object, target: target, chart: chart, work: work, upgrade: upgrade)
    }

    /// Runs an action and reports what it wrote to storage (the revisions new or changed since before it, as
    /// Flux's storage observer sees them) and how it failed, if it did.
    func writing(_ action: () async throws -> HelmReleaseRecord) async throws -> ([HelmReleaseRecord], (any Error)?) {
        let before = try await storage.history(name: target.name)
        var failure: (any Error)?
        do {
            _ = try await action()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            failure = error
        }
        let after = try await storage.history(name: target.name)
        return (HelmReleaseReconciler.written(before: before, after: after), failure)
    }

    /// Records the revisions an install or upgrade wrote on `status.history`, and the inventory of the newest.
    func observe(_ written: [HelmReleaseRecord], on object: inout HelmRelease, action: String) async {
        HelmReleaseReconciler.record(written, on: &object, action: action, configDigest: valuesDigest, ociDigest: ociDigest)
        if let newest = written.max(by: { $0.version < $1.version }) { await recordInventory(of: newest, on: &object) }
    }

    /// Flux's install and upgrade `failure`: `Released=False`, a warning event, one more failure.
    func releaseFailed(_ object: inout HelmRelease, _ conditions: inout Conditions, action: HelmRemediation.Action, error: any Error) {
        let words = Self.words(error)
        let version = chart.metadata.version
        let message = action == .install
            ? HelmReleaseMessages.installFailed(target, chart: chart.name, version: version, error: words)
            : HelmReleaseMessages.upgradeFailed(target, chart: chart.name, version: version, error: words)
        let reason = action == .install ? ConditionReason.installFailed : ConditionReason.upgradeFailed
        HelmReleaseReconciler.countFailure(&object)
        conditions.markFalse(ConditionType.released, reason: reason, message: message)
        reconciler.recordEvent(object, context, warning: true, reason: reason, message: message, revision: version,
                               token: valuesDigest, appVersion: chart.metadata.fields["appVersion"]?.stringValue, ociDigest: ociDigest)
    }

    /// Flux's install and upgrade `success`: `Released=True`, tests awaited when enabled, a normal event.
    func releaseSucceeded(_ object: inout HelmRelease, _ conditions: inout Conditions, action: HelmRemediation.Action) {
        guard let current = HelmReleaseReconciler.history(object).latest else { return }
        let message = action == .install ? HelmReleaseMessages.installSucceeded(current) : HelmReleaseMessages.upgradeSucceeded(current)
        let reason = action == .install ? ConditionReason.installSucceeded : ConditionReason.upgradeSucceeded
        conditions.markTrue(ConditionType.released, reason: reason, message: message)
        if HelmReleaseReconciler.testsEnabled(object) && !current.hasBeenTested {
            conditions.markUnknown(ConditionType.testSuccess, reason: HelmReleaseReason.awaitingTests,
                                   message: HelmReleaseMessages.testPending(current))
        }
        if HelmReleaseReconciler.activeRetryInterval(object) != nil { HelmReleaseReconciler.clearFailures(&object) }
        reconciler.recordEvent(object, context, warning: false, reason: reason, message: message, about: current)
    }

    /// `status.inventory` from `record`'s manifest and the chart's CRDs (Flux's `observeInventory`); objects without a
    /// namespace are placed in the release's when their kind is namespaced.
    func recordInventory(of record: HelmReleaseRecord, on object: inout HelmRelease) async {
        do {
            var objects = try ManifestReader().objects(record.manifest)
            for file in chart.crdFiles() { objects += try ManifestReader().objects(file.text, source: file.name) }
            var seen: Set<String> = []
            var entries: [ResourceRef] = []
            for var item in objects {
                if item.namespace?.isEmpty ?? true {
                    let namespaced = (try? await reconciler.client.mapper.mapping(for: item.gvk).namespaced) ?? true
                    item.namespace = namespaced ? record.namespace : nil
                }
                let id = item.identifier.id
                if seen.insert(id).inserted { entries.append(ResourceRef(id: id, version: item.gvk.version)) }
            }
            HelmReleaseReconciler.updateStatus(&object) { $0.inventory = ResourceInventory(entries: entries.sorted { $0.id < $1.id }) }
        } catch {
            let name = "\(object.metadata.namespace ?? "")/\(object.metadata.name)"
            reconciler.recordEvent(object, context, warning: true, reason: "InventoryBuildFailed",
                                   message: "failed to build inventory for \(name): \(error)", revision: "", token: "")
        }
    }

    /// An error's message as Helm words it, trimmed.
    static func words(_ error: any Error) -> String {
        let text = (error as? HelmActionError)?.message ?? "\(error)"
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
