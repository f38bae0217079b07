import Foundation
import SluiceCore

/// One revision of a Helm release, as Helm 4 records it (`helm.sh/helm/v4/pkg/release/v1.Release`): what was
/// installed, with which values, the rendered manifest and hooks. Stored by a ``ReleaseStorage``; encoded with Helm's
/// JSON keys by ``HelmReleaseCodec`` so that `helm list|history|rollback` read Sluice's releases and Sluice adopts Helm's.
public struct HelmReleaseRecord: Sendable, Equatable {
    /// The release name.
    public var name: String
    /// Status, times, description and notes.
    public var info: HelmReleaseInfo
    /// The chart as Helm serialises it (`metadata`, `lock`, `templates`, `values`, `schema`, `files`).
    public var chart: JSONValue
    /// The values the user supplied (not the chart's defaults).
    public var config: JSONObject
    /// The rendered manifest (non-hook documents, `---\n# Source: …` separated, install order).
    public var manifest: String
    /// The chart's hooks and their last runs.
    public var hooks: [HelmReleaseHook]
    /// The revision, from 1.
    public var version: Int
    /// The namespace the release's objects go to.
    public var namespace: String
    /// Storage labels (not part of the JSON record; kept in the storage object's labels).
    public var labels: [String: String]
    /// `ssa` or `csa` (Helm 4); nil as in records written by Helm 3 (client-side).
    public var applyMethod: String?

    /// A record.
    public init(name: String, info: HelmReleaseInfo, chart: JSONValue = .object(JSONObject()), config: JSONObject = JSONObject(),
                manifest: String = "", hooks: [HelmReleaseHook] = [], version: Int, namespace: String,
                labels: [String: String] = [:], applyMethod: String? = nil)
    {
        self.name = name
        self.info = info
        self.chart = chart
        self.config = config
        self.manifest = manifest
        self.hooks = hooks
        self.version = version
        self.namespace = namespace
        self.labels = labels
        self.applyMethod = applyMethod
    }
}
