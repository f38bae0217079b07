import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// Flux's `summarize`: `Ready` mirrors the most important of `Remediated`, `TestSuccess` (when tests are enabled
    /// and their failures count) and `Released`; a remediation is a failure. A stale `TestSuccess` goes when tests are
    /// disabled, and the observed post-renderers digest follows the spec.
    func summarize(_ object: inout HelmRelease, _ conditions: inout Conditions, postRenderersDigest: String?) {
        if !Self.testsEnabled(object) { conditions.delete(ConditionType.testSuccess) }
        if let ready = Self.summarizedReady(object, conditions) {
            if ready.status == .true { conditions.delete(ConditionType.stalled) }
            conditions.set(ConditionType.ready, ready.status, reason: ready.reason, message: ready.message)
        }
        var status = object.status ?? HelmReleaseStatus()
        status.observedPostRenderersDigest = object.spec.postRenderers == nil ? nil : postRenderersDigest
        object.status = status
    }

    /// The `Ready` condition Flux's `summarize` derives from the release conditions, nil when there are none.
    static func summarizedReady(_ object: HelmRelease, _ conditions: Conditions) -> Condition? {
        var order = [ConditionType.remediated, ConditionType.released]
        if testsEnabled(object) && !ignoresTestFailures(object) {
            order = [ConditionType.remediated, ConditionType.testSuccess, ConditionType.released]
        }
        let present = order.compactMap { conditions.get($0) }
        // Flux sorts by priority but never above a condition of a newer generation.
        let newest = present.map { $0.observedGeneration ?? 0 }.max() ?? 0
        guard var top = present.first(where: { ($0.observedGeneration ?? 0) == newest }) ?? present.first else { return nil }
        if top.type == ConditionType.remediated { top.status = .false }
        top.type = ConditionType.ready
        return top
    }

    /// Records an event about `object` with Flux's metadata: the chart version as `revision`, the config digest as
    /// `token` (so a commit status is per values), the app version and the OCI digest when known.
    func recordEvent(_ object: HelmRelease, _ context: ReconcileContext, warning: Bool, reason: String, message: String,
                     revision: String, token: String, appVersion: String? = nil, ociDigest: String? = nil)
    {
        var metadata: [String: String] = [:]
        if !revision.isEmpty { metadata["revision"] = revision }
        if !token.isEmpty { metadata["token"] = token }
        if let appVersion, !appVersion.isEmpty { metadata["app-version"] = appVersion }
        if let ociDigest, !ociDigest.isEmpty { metadata["oci-digest"] = ociDigest }
        guard let raw = try? KubeObject(encoding: object) else { return }
        context.events.record(raw, severity: warning ? .error : .info, reason: reason, message: message, metadata: metadata)
    }

    /// Records an event about the release `snapshot` describes.
    func recordEvent(_ object: HelmRelease, _ context: ReconcileContext, warning: Bool, reason: String, message: String,
                     about snapshot: HelmReleaseSnapshot)
    {
        recordEvent(object, context, warning: warning, reason: reason, message: message, revision: snapshot.chartVersion,
                    token: snapshot.configDigest, appVersion: snapshot.appVersion, ociDigest: snapshot.ociDigest)
    }

    /// `status.history`, newest first.
    static func history(_ object: HelmRelease) -> [HelmReleaseSnapshot] { object.status?.history ?? [] }

    /// Replaces `status.history` (nil when empty).
    static func setHistory(_ object: inout HelmRelease, _ history: [HelmReleaseSnapshot]) {
        var status = object.status ?? HelmReleaseStatus()
        status.history = history.isEmpty ? nil : history.sorted { $0.version > $1.version }
        object.status = status
    }

    /// Changes `object.status`.
    static func updateStatus(_ object: inout HelmRelease, _ change: (inout HelmReleaseStatus) -> Void) {
        var status = object.status ?? HelmReleaseStatus()
        change(&status)
        object.status = status
    }

    /// Resets the failure counters (Flux's `ClearFailures`).
    static func clearFailures(_ object: inout HelmRelease) {
        updateStatus(&object) { status in
            status.failures = nil
            status.installFailures = nil
            status.upgradeFailures = nil
        }
    }

    /// Counts one more failure of any action (`status.failures`).
    static func countFailure(_ object: inout HelmRelease) {
        updateStatus(&object) { $0.failures = ($0.failures ?? 0) + 1 }
    }

    /// Records what an action wrote to storage on `status.history` (Flux's `recordOnObject`): the newest observed
    /// revision becomes the latest snapshot, made with `action` and `configDigest`; an older observed one (the
    /// superseded previous release) refreshes the snapshot of its version, keeping its test results.
    static func record(_ observed: [HelmReleaseRecord], on object: inout HelmRelease, action: String?, configDigest: String,
                       ociDigest: String?)
    {
        let sorted = observed.sorted { $0.version > $1.version }
        guard let newest = sorted.first else { return }
        var history = Self.history(object)
        history.removeAll { $0.targets(name: newest.name, namespace: newest.namespace, version: newest.version) }
        history.insert(ReleaseObservation(newest, ociDigest: ociDigest).snapshot(configDigest: configDigest, action: action), at: 0)
        for record in sorted.dropFirst() {
            refresh(&history, with: record, action: nil)
        }
        setHistory(&object, history)
    }

    /// Replaces the snapshot of `record`'s version, if there is one, by a fresh observation of it, keeping its test
    /// results, OCI digest and config digest (the config of a stored revision does not change); `action` replaces
    /// the recorded action when given.
    static func refresh(_ history: inout [HelmReleaseSnapshot], with record: HelmReleaseRecord, action: String?) {
        guard let index = history.firstIndex(where: { $0.targets(name: record.name, namespace: record.namespace, version: record.version) })
        else { return }
        let old = history[index]
        var fresh = ReleaseObservation(record, ociDigest: old.ociDigest).snapshot(configDigest: old.configDigest, action: action ?? old.action)
        fresh.testHooks = old.testHooks
        history[index] = fresh
    }

    /// The revisions of `after` that are new or changed since `before`: what an action wrote.
    static func written(before: [HelmReleaseRecord], after: [HelmReleaseRecord]) -> [HelmReleaseRecord] {
        let old = Dictionary(before.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        return after.filter { old[$0.version] != $0 }
    }
}
