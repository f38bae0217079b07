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

    /// The observation as JSON, in the order of Flux's struct: name, version, info, chartMetadata, config, manifest,
    /// hooks (test hooks left out), namespace, ociDigest (when set).
    var json: JSONValue {
        var object = JSONObject()
        object["name"] = .string(record.name)
        object["version"] = .int(Int64(record.version))
        object["info"] = .object(Self.info(record.info))
        object["chartMetadata"] = record.chart["metadata"] ?? .object(JSONObject())
        object["config"] = record.config.isEmpty ? .null : .object(record.config)
        let hooks = record.hooks.filter { !$0.events.contains("test") }
        object["manifest"] = .string(record.manifest)
        object["hooks"] = hooks.isEmpty ? .null : .array(hooks.map { .object(Self.hook($0)) })
        object["namespace"] = .string(record.namespace)
        if let ociDigest, !ociDigest.isEmpty { object["ociDigest"] = .string(ociDigest) }
        return .object(object)
    }

    /// `sha256:<hex>` of ``json`` followed by a newline, as Flux's `release.Digest` hashes its JSON encoder's output.
    var digest: String {
        var bytes = JSONSerializer().bytes(json)
        bytes.append(0x0A)
        return "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The snapshot for `status.history` (Flux's `ObservedToSnapshot`), its config digest supplied by the caller
    /// (the digest of the values the revision was made with).
    func snapshot(configDigest: String, action: String?) -> HelmReleaseSnapshot {
        let metadata = record.chart["metadata"]
        return HelmReleaseSnapshot(
            apiVersion: HelmReleaseSnapshot.currentAPIVersion, digest: digest, name: record.name, namespace: record.namespace,
            version: record.version, status: record.info.status.rawValue, action: action,
            chartName: metadata?["name"]?.stringValue ?? "", chartVersion: metadata?["version"]?.stringValue ?? "",
            appVersion: metadata?["appVersion"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, configDigest: configDigest,
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

    private static func info(_ info: HelmReleaseInfo) -> JSONObject {
        var object = JSONObject()
        object["first_deployed"] = .string(info.firstDeployed ?? zeroTime)
        object["last_deployed"] = .string(info.lastDeployed ?? zeroTime)
        object["deleted"] = .string(info.deleted ?? zeroTime)
        object["description"] = .string(info.description)
        object["status"] = .string(info.status.rawValue)
        if !info.notes.isEmpty { object["notes"] = .string(info.notes) }
        return object
    }

    private static func hook(_ hook: HelmReleaseHook) -> JSONObject {
        var lastRun = JSONObject()
        lastRun["started_at"] = .string(hook.lastRun.startedAt ?? zeroTime)
        lastRun["completed_at"] = .string(hook.lastRun.completedAt ?? zeroTime)
        lastRun["phase"] = .string(hook.lastRun.phase)
        var object = JSONObject()
        object["name"] = .string(hook.name)
        object["kind"] = .string(hook.kind)
        object["path"] = .string(hook.path)
        object["manifest"] = .string(hook.manifest)
        object["events"] = .array(hook.events.map(JSONValue.string))
        object["last_run"] = .object(lastRun)
        object["weight"] = .int(Int64(hook.weight))
        object["delete_policies"] = hook.deletePolicies.isEmpty ? .null : .array(hook.deletePolicies.map(JSONValue.string))
        if !hook.outputLogPolicies.isEmpty { object["output_log_policies"] = .array(hook.outputLogPolicies.map(JSONValue.string)) }
        return object
    }
}
