import ArgumentParser
import SluiceAPI
import SluiceCore
import SluiceKube

/// `sluice trace KIND NAME`: which Kustomization or HelmRelease manages an object, from which source and revision.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show which Kustomization or HelmRelease manages an object, from which source and revision.",
        discussion: """
            KIND is the object's Kubernetes kind (Deployment, ConfigMap …), optionally kind.group. An object is traced to \
            the Kustomization whose inventory lists it, else to a HelmRelease: by Flux's helm.toolkit.fluxcd.io/name and \
            /namespace labels, by Helm's meta.helm.sh/release-name and /release-namespace annotations (on it or on the \
            objects that own it), or by a HelmRelease's inventory.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The object's kind, such as Deployment or deployment.apps.")
    var kind: String

    @Argument(help: "The object's name.")
    var name: String

    /// How many owner references are followed up from the object (a Pod's ReplicaSet's Deployment is two).
    static let ownerDepth = 8

    func run() async throws {
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let parts = kind.split(separator: ".", maxSplits: 1).map(String.init)
        let kindName = parts[0].lowercased()
        let group = parts.count > 1 ? parts[1] : nil
        let matches: (ResourceIdentifier) -> Bool = { entry in
            entry.name == name && entry.kind.lowercased() == kindName && (group == nil || entry.group == group)
                && (entry.namespace.isEmpty || entry.namespace == namespace)
        }
        for kustomization in try await global.objects(.kustomization, namespace: nil, client: client) {
            guard let entry = TreeCommand.inventory(of: kustomization).first(where: matches) else { continue }
            Terminal.out(try await kustomizationTrace(entry, kustomization, namespace: namespace, client: client).joined(separator: "\n"))
            return
        }
        let releases = try await global.objects(.helmRelease, namespace: nil, client: client).map(HelmReleaseView.init)
        if let live = try await liveObject(namespace: namespace, client: client),
           let release = try await owningRelease(of: live, among: releases, client: client)
        {
            let entry = ResourceIdentifier(namespace: live.namespace ?? "", name: live.name, group: live.gvk.group, kind: live.gvk.kind)
            Terminal.out(try await helmReleaseTrace(entry, release, client: client).joined(separator: "\n"))
            return
        }
        for release in releases {
            // One HelmRelease whose storage cannot be read must not hide the others: it is named and passed over.
            let identifiers: [ResourceIdentifier]
            do {
                identifiers = try await HelmReleaseObjects(client: client).identifiers(of: release)
            } catch let error as CLIError {
                Terminal.err("⚠ passed over: \(error.message)")
                continue
            }
            guard let entry = identifiers.first(where: matches) else { continue }
            Terminal.out(try await helmReleaseTrace(entry, release, client: client).joined(separator: "\n"))
            return
        }
        throw CLIError("no Kustomization's inventory or HelmRelease's release holds \(kind) \(namespace)/\(name)",
                       hint: "it was not applied by Sluice, or lives in another namespace (-n NS)")
    }

    /// The object itself, when its kind is one the cluster serves and it exists.
    private func liveObject(namespace: String, client: KubernetesClient) async throws -> KubeObject? {
        guard let resource = try? await client.mapper.resource(named: kind) else { return nil }
        do {
            return try await client.get(resource.gvk, namespace: resource.namespaced ? namespace : nil, name: name)
        } catch {
            throw global.unreachable(error, client: client)
        }
    }

    /// The HelmRelease whose release holds `object`: by Flux's origin labels or Helm's release annotations on the object,
    /// else on the objects owning it (followed up to ``ownerDepth`` levels, as `flux trace` follows owners).
    private func owningRelease(of object: KubeObject, among releases: [HelmReleaseView], client: KubernetesClient) async throws -> HelmReleaseView? {
        var current = object
        for _ in 0...Self.ownerDepth {
            if let origin = HelmReleaseView.originLabels(of: current) {
                return releases.first { $0.object.name == origin.name && $0.namespace == origin.namespace }
            }
            if HelmReleaseView.helmRelease(of: current) != nil, let release = releases.first(where: { $0.owns(current) }) {
                return release
            }
            guard let owner = try await Self.owner(of: current, client: client) else { return nil }
            current = owner
        }
        return nil
    }

    /// The object's controlling owner (else its first owner), in its namespace, if it exists.
    private static func owner(of object: KubeObject, client: KubernetesClient) async throws -> KubeObject? {
        let references = (object["metadata", "ownerReferences"]?.arrayValue ?? []).compactMap(\.objectValue)
        guard let reference = references.first(where: { $0["controller"]?.boolValue == true }) ?? references.first,
              let apiVersion = reference["apiVersion"]?.stringValue, let kind = reference["kind"]?.stringValue,
              let name = reference["name"]?.stringValue
        else { return nil }
        return try? await client.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), namespace: object.namespace, name: name)
    }

    /// The lines for an object a Kustomization applied.
    private func kustomizationTrace(_ entry: ResourceIdentifier, _ kustomization: KubeObject, namespace: String,
                                    client: KubernetesClient) async throws -> [String]
    {
        var lines = [
            "Object:        \(entry.label)",
            "",
            "Kustomization: \(kustomization.namespace ?? "")/\(kustomization.name)",
            "Path:          \(kustomization["spec", "path"]?.stringValue ?? "./")",
            "Revision:      \(kustomization["status", "lastAppliedRevision"]?.stringValue ?? "<none>")",
            Self.statusLine(of: kustomization),
        ]
        if let source = ReconcileCommand.sourceReference(kind: .kustomization, object: kustomization) {
            lines += [""] + (await Self.sourceLines(source.kind, namespace: source.namespace ?? kustomization.namespace ?? namespace,
                                                    name: source.name, client: client))
        }
        return lines
    }

    /// The lines for an object a HelmRelease's release holds: the HelmRelease, its HelmChart, the chart's source.
    private func helmReleaseTrace(_ entry: ResourceIdentifier, _ release: HelmReleaseView, client: KubernetesClient) async throws -> [String] {
        var lines = [
            "Object:        \(entry.label)",
            "",
            "HelmRelease:   \(release.namespace)/\(release.object.name)",
            "Release:       \(release.releaseName) in \(release.releaseNamespace)"
                + (release.latest?["version"]?.intValue.map { " (revision \($0), \(release.latest?["status"]?.stringValue ?? "unknown"))" } ?? ""),
        ]
        if let chart = release.latest?["chartName"]?.stringValue {
            lines.append("Chart:         \(chart) \(release.latest?["chartVersion"]?.stringValue ?? "")")
        }
        lines += [
            "Revision:      \(release.object["status", "lastAttemptedRevision"]?.stringValue ?? "<none>")",
            Self.statusLine(of: release.object),
        ]
        var chart: (namespace: String, name: String)? = release.helmChart
        if let reference = release.chartRef, let name = reference["name"]?.stringValue {
            let namespace = reference["namespace"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? release.namespace
            switch reference["kind"]?.stringValue.flatMap(FluxKind.init(word:)) {
            case .helmChart?: chart = (namespace, name)
            case let kind?: lines += [""] + (await Self.sourceLines(kind, namespace: namespace, name: name, client: client))
            case nil: lines += ["", "Source:        \(release.sourceDescription) (not a kind Sluice reconciles)"]
            }
        }
        guard let chart else { return lines }
        lines += [""] + (await Self.sourceLines(.helmChart, namespace: chart.namespace, name: chart.name, client: client))
        if let helmChart = try? await client.get(HelmChart.gvk, namespace: chart.namespace, name: chart.name),
           let reference = helmChart["spec", "sourceRef"]?.objectValue, let name = reference["name"]?.stringValue,
           let kind = reference["kind"]?.stringValue.flatMap(FluxKind.init(word:))
        {
            lines += [""] + (await Self.sourceLines(kind, namespace: chart.namespace, name: name, client: client))
        }
        return lines
    }

    /// `Source:`, `URL:` (or `Chart:` for a HelmChart), `Revision:` and `Status:` of a source, or `not found`.
    private static func sourceLines(_ kind: FluxKind, namespace: String, name: String, client: KubernetesClient) async -> [String] {
        var lines = ["Source:        \(kind.gvk.kind)/\(namespace)/\(name)"]
        guard let object = try? await client.get(kind.gvk, namespace: namespace, name: name) else {
            return lines + ["Status:        not found"]
        }
        if kind == .helmChart {
            lines.append("Chart:         \(object["spec", "chart"]?.stringValue ?? "") \(object["spec", "version"]?.stringValue ?? "*")")
        } else {
            lines.append("URL:           \(object["spec", "url"]?.stringValue ?? "")")
        }
        return lines + [
            "Revision:      \(object["status", "artifact", "revision"]?.stringValue ?? "<none>")",
            statusLine(of: object),
        ]
    }

    /// `Status:        Ready=… message`.
    private static func statusLine(of object: KubeObject) -> String {
        let ready = ReconcileWaiter.readyCondition(of: object)
        return "Status:        Ready=\(ready?["status"]?.stringValue ?? "Unknown") \(ready?["message"]?.stringValue ?? "")"
    }
}
