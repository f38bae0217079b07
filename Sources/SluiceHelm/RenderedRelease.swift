import Foundation
/// What rendering a chart produced: the sorted manifests, the hooks, the CRD files and the notes.
public struct RenderedRelease: Sendable {
    /// The non-hook documents in install order.
    public var manifests: [RenderedManifest]
    /// The hooks, in install order of their kinds.
    public var hooks: [HelmHook]
    /// The files of `crds/` (the chart's own, then its subcharts'), not templated.
    public var crds: [ChartFile]
    /// The rendered `NOTES.txt` of the top chart.
    public var notes: String
}
