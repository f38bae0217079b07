import Foundation
import SluiceCore
import SluiceHelm

/// What an install or upgrade is asked to do: the chart, the values and Helm's options, as the HelmRelease spells them.
public struct HelmActionRequest: Sendable {
    /// How `crds/` files are handled (`spec.install.crds`, `spec.upgrade.crds`).
    public enum CRDPolicy: String, Sendable { case skip = "Skip", create = "Create", createReplace = "CreateReplace" }

    /// The release name.
    public var releaseName: String
    /// The namespace the release's objects go to (`targetNamespace`, else the HelmRelease's).
    public var namespace: String
    /// The loaded chart.
    public var chart: SluiceHelm.HelmChart
    /// The user's values (merged `valuesFrom` and `values`).
    public var values: JSONObject
    /// The overall time limit (hooks, wait).
    public var timeout: Duration = .seconds(300)
    /// Whether to wait for the release's objects to be healthy (`!disableWait`).
    public var wait: Bool = true
    /// Whether to wait for Jobs to complete (`!disableWaitForJobs`).
    public var waitForJobs: Bool = true
    /// `disableHooks`.
    public var disableHooks: Bool = false
    /// `disableOpenAPIValidation`.
    public var disableOpenAPIValidation: Bool = false
    /// `disableSchemaValidation`.
    public var disableSchemaValidation: Bool = false
    /// `force` (upgrade: replace objects the server refuses to patch).
    public var force: Bool = false
    /// `crds`.
    public var crds: CRDPolicy = .create
    /// `createNamespace` (install).
    public var createNamespace: Bool = false
    /// `maxHistory` (0: unlimited).
    public var maxHistory: Int = 5
    /// Whether objects are server-side applied (Helm 4); nil: Helm's default for the action.
    public var serverSideApply: Bool?
    /// `cleanupOnFail` (upgrade).
    public var cleanupOnFail: Bool = false
    /// `disableTakeOwnership`: refuse objects that exist and belong to no release.
    public var disableTakeOwnership: Bool = false
    /// `install.replace`: an install may reuse the name of a release whose last revision failed (as well as one
    /// uninstalled with its history kept), as the next revision.
    public var replace: Bool = false
    /// Labels put on the CRDs of the chart's `crds/` (Flux's origin: `helm.toolkit.fluxcd.io/name` and `/namespace`).
    public var originLabels: [String: String] = [:]
    /// Applied to the rendered manifest (non-hook documents) before install (Flux's post-renderers).
    public var postRenderer: (@Sendable (String) async throws -> String)?
    /// What templates' `lookup` reads.
    public var lookup: (any HelmLookup)?

    /// A request to release `chart` as `releaseName` in `namespace` with `values`.
    public init(releaseName: String, namespace: String, chart: SluiceHelm.HelmChart, values: JSONObject) {
        self.releaseName = releaseName
        self.namespace = namespace
        self.chart = chart
        self.values = values
    }
}
