import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// What the controller observed of one stored release revision (Flux's `release.Observation`): the record without
/// its chart's templates and files, and without test hooks (running tests does not change it). Its digest, kept in
/// `status.history`, tells whether the stored revision is still the one the controller made.
struct ReleaseObservation: Sendable {
    /// The observed record.
    var record: HelmReleaseRecord
    /// The OCI artifact digest the release was made from, if any.
    var ociDigest: String?

    /// An observation of `record`.
    init(_ record: HelmReleaseRecord, ociDigest: String? = nil) {
        self.record = record
        self.ociDigest = ociDigest
    }

    /// The observation as Go's `encoding/json` writes Flux's struct: name, version, info (Helm's `Info` JSON),
    /// chartMetadata, config (keys sorted; null when empty), manifest, hooks (test hooks left out; null when none),
    /// namespace, ociDigest (when set). Nil when the record holds something Go could not encode.
    var json: JSONValue? {
        do {
            var object = JSONObject()
            object["name"] = .string(record.name)
            object["version"] = .int(Int64(record.version))
            object["info"] = try record.info.helmJSON()
            object["chartMetadata"] = try HelmChartJSON.canonical(record.chart)?["metadata"] ?? .object(JSONObject())
            object["config"] = record.config.isEmpty ? .null : (try GoAny.canonical(.object(record.config), field: "config") ?? .null)
            object["manifest"] = .string(record.manifest)
            let hooks = record.hooks.filter { !$0.events.contains("test") }
            object["hooks"] = hooks.isEmpty ? .null : .array(try hooks.map { try $0.helmJSON() })
            object["namespace"] = .string(record.namespace)
            if let ociDigest, !ociDigest.isEmpty { object["ociDigest"] = .string(ociDigest) }
            return .object(object)
        } catch {
            return nil
        }
    }

    /// `sha256:<hex>` of ``json`` as Go's JSON encoder writes it (with its final newline), as Flux's `release.Digest`
    /// hashes it; empty when the record cannot be encoded (then it never verifies).
    var digest: String {
        guard let json, var bytes = try? GoJSONText.bytes(json) else { return "" }
        bytes.append(0x0A)
        return "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The snapshot for `status.history` (Flux's `ObservedToSnapshot`), its config digest supplied by the caller
    /// (the digest of the values the revision was made with).
    func snapshot(configDigest: String, action: String?) -> HelmReleaseSnapshot {
        HelmReleaseSnapshot(
            apiVersion: HelmReleaseSnapshot.currentAPIVersion, digest: digest, name: record.name, namespace: record.namespace,
            version: record.version, status: record.info.status.rawValue, action: action,
            chartName: record.chartName, chartVersion: record.chartVersion,
            appVersion: record.appVersion.isEmpty ? nil : record.appVersion, configDigest: configDigest,
            firstDeployed: record.info.firstDeployed ?? Self.zeroTime, lastDeployed: record.info.lastDeployed ?? Self.zeroTime,
            deleted: record.info.deleted, ociDigest: ociDigest.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// The test hooks of the record that `filters` select, with their last runs (Flux's `TestHooksFromRelease`).
    static func testHooks(of record: HelmReleaseRecord, filters: [HelmTestFilter]) -> [String: HelmTestHookStatus] {
        var hooks: [String: HelmTestHookStatus] = [:]
        for hook in record.hooks where hook.events.contains("test") && isSelected(hook.name, filters: filters) {
            hooks[hook.name] = HelmTestHookStatus(lastStarted: hook.lastRun.startedAt, lastCompleted: hook.lastRun.completedAt,
                                                  phase: hook.lastRun.phase)
        }
        return hooks
    }

    /// Whether a test named `name` runs under `filters`: an exclusion wins; with any inclusion, only those run.
    static func isSelected(_ name: String, filters: [HelmTestFilter]) -> Bool {
        var hasInclude = false
        var included = false
        for filter in filters {
            if filter.exclude ?? false {
                if filter.name == name { return false }
                continue
            }
            hasInclude = true
            if filter.name == name { included = true }
        }
        return !hasInclude || included
    }

    /// Go's zero `time.Time` as `metav1.Time` prints it.
    static let zeroTime = "0001-01-01T00:00:00Z"
}
