import ArgumentParser
import SluiceAPI
import SluiceCore
import SluiceKube

/// `sluice reconcile <kind> NAME [--with-source] [--force] [--reset]`: reconcile now and wait for the result.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Ask for an immediate reconciliation and wait until it is handled and Ready.",
        discussion: """
            For example: sluice reconcile source git NAME; sluice reconcile kustomization NAME --with-source; \
            sluice reconcile hr NAME --with-source --force
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: KindArguments

    @Flag(name: .customLong("with-source"), help: "Reconcile the Kustomization's or HelmRelease's source first (for a HelmRelease: its HelmChart, after the chart's own source).")
    var withSource = false

    @Flag(name: .customLong("force"), help: "HelmRelease: force a one-off install or upgrade (sets reconcile.fluxcd.io/forceAt).")
    var force = false

    @Flag(name: .customLong("reset"), help: "HelmRelease: reset the failure counts so remediation starts over (sets reconcile.fluxcd.io/resetAt).")
    var reset = false

    func run() async throws {
        let (kind, name) = try target.kindAndName()
        guard kind == .helmRelease || (!force && !reset) else {
            throw CLIError("--force and --reset apply to HelmReleases, not \(kind.gvk.kind)", hint: "sluice reconcile helmrelease NAME --force")
        }
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let waiter = ReconcileWaiter(global: global, client: client)
        if withSource {
            let object = try await global.object(kind, name: name, namespace: namespace, client: client)
            if object["spec", "suspend"]?.boolValue == true {
                throw CLIError("\(kind.gvk.kind) \(namespace)/\(name) is suspended",
                               hint: "resume it first: sluice resume \(kind.heading) \(name) -n \(namespace)")
            }
            let sources = try await kind == .helmRelease
                ? Self.chartSources(of: HelmReleaseView(object), global: global, waiter: waiter)
                : [Self.sourceReference(kind: kind, object: object)].compactMap { $0 }
            guard !sources.isEmpty else {
                throw CLIError("--with-source: \(kind.gvk.kind) \(name) has no source reference Sluice can reconcile",
                               hint: "drop --with-source, or reconcile the source itself: sluice reconcile source git NAME")
            }
            for source in sources {
                try await waiter.reconcile(source.kind, name: source.name, namespace: source.namespace ?? namespace)
            }
        }
        let requests = (force ? [FluxAnnotations.forceRequest] : []) + (reset ? [FluxAnnotations.resetRequest] : [])
        try await waiter.reconcile(kind, name: name, namespace: namespace, alsoSetting: requests)
    }

    /// The source a Kustomization (`spec.sourceRef`) or HelmRelease (`spec.chart.spec.sourceRef`) names.
    static func sourceReference(kind: FluxKind, object: KubeObject) -> (kind: FluxKind, name: String, namespace: String?)? {
        let reference: JSONValue? = switch kind {
        case .kustomization: object["spec", "sourceRef"]
        case .helmRelease: object["spec", "chart", "spec", "sourceRef"]
        default: nil
        }
        guard let reference = reference?.objectValue, let name = reference["name"]?.stringValue,
              let sourceKind = reference["kind"]?.stringValue.flatMap(FluxKind.init(word:)) else { return nil }
        return (sourceKind, name, reference["namespace"]?.stringValue)
    }

    /// What `flux reconcile hr --with-source` reconciles before the HelmRelease, in order: for `spec.chart`, the
    /// HelmChart's own source then the HelmChart; for a `chartRef` to a HelmChart the same; to an OCIRepository, it.
    ///
    /// A HelmChart the controller has not made yet is skipped with a note (its source is still reconciled): the
    /// HelmRelease's reconciliation makes it.
    static func chartSources(of release: HelmReleaseView, global: GlobalOptions, waiter: ReconcileWaiter) async throws
        -> [(kind: FluxKind, name: String, namespace: String?)]
    {
        let chart: (namespace: String, name: String)
        if let reference = release.chartRef {
            let name = reference["name"]?.stringValue ?? ""
            let namespace = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? release.namespace
            let kindName = reference["kind"]?.stringValue ?? ""
            switch kindName {
            case OCIRepository.kind: return [(.ociRepository, name, namespace)]
            case HelmChart.kind: chart = (namespace, name)
            default:
                throw CLIError("--with-source: cannot reconcile source of kind \(kindName.isEmpty ? "<none>" : kindName)",
                               hint: "reconcile the HelmRelease alone: sluice reconcile hr \(release.object.name) -n \(release.namespace)")
            }
        } else if let made = release.helmChart {
            chart = made
        } else {
            return []
        }
        let found: KubeObject?
        do {
            found = try await waiter.client.get(HelmChart.gvk, namespace: chart.namespace, name: chart.name)
        } catch {
            throw global.unreachable(error, client: waiter.client)
        }
        guard let helmChart = found else {
            Terminal.err("◎ HelmChart \(chart.namespace)/\(chart.name) does not exist yet; the HelmRelease's reconciliation makes it")
            return [ReconcileCommand.sourceReference(kind: .helmRelease, object: release.object)].compactMap { $0 }
                .map { ($0.kind, $0.name, $0.namespace ?? release.namespace) }
        }
        var sources: [(kind: FluxKind, name: String, namespace: String?)] = []
        if let reference = helmChart["spec", "sourceRef"]?.objectValue, let name = reference["name"]?.stringValue {
            let kindName = reference["kind"]?.stringValue ?? ""
            guard let kind = FluxKind(word: kindName), [.helmRepository, .gitRepository].contains(kind) else {
                throw CLIError("--with-source: cannot reconcile source of kind \(kindName.isEmpty ? "<none>" : kindName)",
                               hint: "reconcile the HelmChart alone: sluice reconcile source chart \(chart.name) -n \(chart.namespace)")
            }
            sources.append((kind, name, chart.namespace))
        }
        sources.append((.helmChart, chart.name, chart.namespace))
        return sources
    }
}
