import Foundation
import SluiceAPI
import SluiceCore
import SluiceHelm
import Synchronization

/// What one reconcile of a HelmRelease hands from step to step; each field reads and writes under one lock.
@dynamicMemberLookup
final class HelmReleaseWork: Sendable {
    /// The fields, reached as `work.chart`, `work.values`, …
    struct State {
        /// The loaded chart (the `chart` step).
        var chart: SluiceHelm.HelmChart?
        /// The chart source's artifact revision (`6.14.1@sha256:…` for a HelmChart, `tag@sha256:…` for an OCIRepository).
        var chartRevision: String?
        /// The artifact's digest (`sha256:…`), checked against the stored file.
        var chartDigest: String?
        /// Flux's `status.lastAttemptedRevisionDigest`: the digest an OCIRepository's revision carries (whose first 12
        /// hex digits are the chart version's build metadata, `6.14.1+0123456789ab`); nil for a HelmChart.
        var chartRevisionDigest: String?
        /// The merged values (the `values` step).
        var values: JSONObject = JSONObject()
        /// Flux's config digest of ``values`` (`sha256:…`).
        var valuesDigest: String?
        /// Applied to the rendered manifest before install or upgrade (`spec.postRenderers`); nil when none.
        var postRenderer: (@Sendable (String) async throws -> String)?
        /// The digest of `spec.postRenderers`, for `status.observedPostRenderersDigest`.
        var postRenderersDigest: String?
        /// What templates' `lookup` reads (the live cluster).
        var lookup: (any HelmLookup)?
    }

    private let state = Mutex(State())

    /// One field of ``State``.
    subscript<Value: Sendable>(dynamicMember field: WritableKeyPath<State, Value> & Sendable) -> Value {
        get { state.withLock { $0[keyPath: field] } }
        set { state.withLock { $0[keyPath: field] = newValue } }
    }
}
