import SluiceAPI
import SluiceCore

/// A HelmRelease read from an untyped object, with Flux's derived names (`GetReleaseName`, `GetReleaseNamespace`,
/// `GetStorageNamespace`, `GetHelmChartName`) and what `flux get|reconcile|trace hr` show.
///
/// Untyped so that a HelmRelease written by a newer Flux (fields Sluice does not know) still reads.
struct HelmReleaseView {
    /// The object.
    var object: KubeObject

    /// A view of `object`.
    init(_ object: KubeObject) {
        self.object = object
    }

    /// The HelmRelease's namespace.
    var namespace: String { object.namespace ?? "" }

    /// `status.history[0]`, the latest release snapshot, if any.
    var latest: JSONObject? { object["status", "history"]?.arrayValue?.first?.objectValue }

    /// What `flux get hr` shows as REVISION: the latest snapshot's chart version, else `status.lastAttemptedRevision`.
    var revision: String? {
        if let version = latest?["chartVersion"]?.stringValue, !version.isEmpty { return version }
        return object["status", "lastAttemptedRevision"]?.stringValue
    }

    /// The Helm release name: `spec.releaseName`, else `<targetNamespace>-<name>` with a target namespace, else the name.
    var releaseName: String {
        if let name = latest?["name"]?.stringValue, !name.isEmpty { return name }
        if let name = object["spec", "releaseName"]?.stringValue, !name.isEmpty { return name }
        if let target = object["spec", "targetNamespace"]?.stringValue, !target.isEmpty { return "\(target)-\(object.name)" }
        return object.name
    }

    /// The namespace the release's objects go to: the latest snapshot's, else `spec.targetNamespace`, else the HelmRelease's.
    var releaseNamespace: String {
        if let namespace = latest?["namespace"]?.stringValue, !namespace.isEmpty { return namespace }
        if let target = object["spec", "targetNamespace"]?.stringValue, !target.isEmpty { return target }
        return namespace
    }

    /// Where Helm keeps the release's revisions: `status.storageNamespace`, else `spec.storageNamespace`, else the HelmRelease's.
    var storageNamespace: String {
        if let stored = object["status", "storageNamespace"]?.stringValue, !stored.isEmpty { return stored }
        if let spec = object["spec", "storageNamespace"]?.stringValue, !spec.isEmpty { return spec }
        return namespace
    }

    /// The chart's source as `flux get hr --show-source` prints it: `Kind/namespace/name` of `spec.chartRef`, else of
    /// `spec.chart.spec.sourceRef`.
    var sourceDescription: String {
        guard let reference = chartRef ?? object["spec", "chart", "spec", "sourceRef"]?.objectValue else { return "" }
        let namespace = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? self.namespace
        return "\(reference["kind"]?.stringValue ?? "")/\(namespace)/\(reference["name"]?.stringValue ?? "")"
    }

    /// `spec.chartRef`, if set.
    var chartRef: JSONObject? { object["spec", "chartRef"]?.objectValue }

    /// The HelmChart the controller made for `spec.chart`: `status.helmChart` (`namespace/name`), else Flux's
    /// `<namespace>-<name>` in the chart source's namespace; nil with a `chartRef`.
    var helmChart: (namespace: String, name: String)? {
        guard chartRef == nil, let template = object["spec", "chart", "spec"]?.objectValue else { return nil }
        if let recorded = object["status", "helmChart"]?.stringValue, let slash = recorded.firstIndex(of: "/") {
            let namespace = String(recorded[..<slash]), name = String(recorded[recorded.index(after: slash)...])
            if !namespace.isEmpty && !name.isEmpty { return (namespace, name) }
        }
        let sourceNamespace = template["sourceRef"]?.objectValue?["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        return (sourceNamespace ?? namespace, "\(namespace)-\(object.name)")
    }

    /// Whether `object` carries Flux's or Helm's marks of belonging to this HelmRelease's release: the labels
    /// `helm.toolkit.fluxcd.io/name|namespace` (Flux's origin labels), else Helm's `meta.helm.sh/release-name` and
    /// `meta.helm.sh/release-namespace` annotations.
    func owns(_ candidate: KubeObject) -> Bool {
        if let origin = Self.originLabels(of: candidate) { return origin.name == object.name && origin.namespace == namespace }
        guard let release = Self.helmRelease(of: candidate) else { return false }
        return release.name == releaseName && release.namespace == releaseNamespace
    }

    /// Flux's origin labels on an object Helm installed for a HelmRelease: `helm.toolkit.fluxcd.io/name` and `/namespace`.
    static func originLabels(of object: KubeObject) -> (namespace: String, name: String)? {
        let labels = object["metadata", "labels"]?.objectValue
        guard let name = labels?["\(HelmRelease.gvk.group)/name"]?.stringValue, !name.isEmpty else { return nil }
        return (labels?["\(HelmRelease.gvk.group)/namespace"]?.stringValue ?? object.namespace ?? "", name)
    }

    /// Helm's marks on an object a release installed: `meta.helm.sh/release-name` and `meta.helm.sh/release-namespace`
    /// (with `app.kubernetes.io/managed-by: Helm`, which Helm checks before adopting an object).
    static func helmRelease(of object: KubeObject) -> (namespace: String, name: String)? {
        let annotations = object["metadata", "annotations"]?.objectValue
        guard let name = annotations?["meta.helm.sh/release-name"]?.stringValue, !name.isEmpty,
              let namespace = annotations?["meta.helm.sh/release-namespace"]?.stringValue, !namespace.isEmpty,
              object["metadata", "labels", "app.kubernetes.io/managed-by"]?.stringValue == "Helm"
        else { return nil }
        return (namespace, name)
    }
}
