import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create helmrelease NAME --source HelmRepository/NAME --chart C`: a HelmRelease, as `flux create helmrelease`.
struct CreateHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Create or update a HelmRelease resource.", aliases: ["hr"])

    static let sourceKinds = ["HelmRepository", "GitRepository", "Bucket"]
    static let chartRefKinds = ["OCIRepository", "HelmChart", "ExternalArtifact"]

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("release-name"), help: "Name used for the Helm release, defaults to a composition of '[<target-namespace>-]<HelmRelease-name>'.") var releaseName = ""
    @Option(name: .customLong("source"), help: "Source that contains the chart in the format '<kind>/<name>.<namespace>', where kind must be one of: (HelmRepository, GitRepository, Bucket).") var source = ""
    @Option(name: .customLong("chart"), help: "Helm chart name or path.") var chart = ""
    @Option(name: .customLong("chart-version"), help: "Helm chart version, accepts a semver range (ignored for charts from GitRepository sources).") var chartVersion = ""
    @Option(name: .customLong("depends-on"), help: "HelmReleases that must be ready before this release can be installed, '<name>' or '<namespace>/<name>'.") var dependsOn: [String] = []
    @Option(name: .customLong("target-namespace"), help: "Namespace to install this release, defaults to the HelmRelease namespace.") var targetNamespace = ""
    @Option(name: .customLong("storage-namespace"), help: "Namespace to store the Helm release, defaults to the target namespace.") var storageNamespace = ""
    @Flag(name: .customLong("create-target-namespace"), help: "Create the target namespace if it does not exist.") var createNamespace = false
    @Option(name: .customLong("service-account"), help: "The name of the service account to impersonate when reconciling this HelmRelease.") var serviceAccount = ""
    @Option(name: .customLong("reconcile-strategy"), help: "The reconcile strategy for helm chart created by the helm release (accepted values: Revision and ChartVersion).") var reconcileStrategy = "ChartVersion"
    @Option(name: .customLong("chart-interval"), help: "The interval of which to check for new chart versions.") var chartInterval = ""
    @Option(name: .customLong("values"), help: "Local path to values.yaml files (repeatable, or comma-separated).") var valuesFiles: [String] = []
    @Option(name: .customLong("values-from"), help: "A Kubernetes object reference that contains the values.yaml data key in the format '<kind>/<name>', where kind must be one of: (Secret,ConfigMap).") var valuesFrom: [String] = []
    @Option(name: .customLong("crds"), help: "Upgrade CRDs policy (Skip|Create|CreateReplace).") var crds = ""
    @Option(name: .customLong("kubeconfig-secret-ref"), help: "The name of the Kubernetes Secret that contains a key with the kubeconfig file for connecting to a remote cluster.") var kubeConfigSecretRef = ""
    @Option(name: .customLong("chart-ref"), help: "The chart source in the format '<kind>/<name>.<namespace>', where kind must be one of: (OCIRepository,HelmChart).") var chartRef = ""

    func validate() throws {
        if !crds.isEmpty, !["Skip", "Create", "CreateReplace"].contains(crds) {
            throw ValidationError("unsupported upgrade CRDs policy '\(crds)', must be one of: Skip, Create, CreateReplace")
        }
        if !chartInterval.isEmpty && GoDuration(chartInterval) == nil {
            throw ValidationError("invalid argument \"\(chartInterval)\" for \"--chart-interval\" flag: time: invalid duration \"\(chartInterval)\"")
        }
    }

    func run() async throws {
        let storageNamespace = self.storageNamespace.isEmpty ? targetNamespace : self.storageNamespace
        guard !chart.isEmpty || !chartRef.isEmpty else { throw CLIError("chart or chart-ref is required") }
        guard chart.isEmpty || chartRef.isEmpty else { throw CLIError("cannot use --chart in combination with --chart-ref") }
        let metadata = try options.metadata()
        if !options.export { Terminal.err("✚ generating HelmRelease") }
        guard ["Revision", "ChartVersion"].contains(reconcileStrategy) else {
            throw CLIError("'\(reconcileStrategy)' is an invalid reconcile strategy(valid: Revision, ChartVersion)")
        }
        var chartTemplate: JSONValue?
        var chartReference: JSONValue?
        if !chart.isEmpty {
            let (kind, name, namespace) = FluxManifest.kindNameAndNamespace(source)
            guard !kind.isEmpty, !name.isEmpty else {
                throw CLIError(source.isEmpty ? "no helm chart source given, please specify --source" : "invalid helm chart source '\(source)', must be in format <kind>/<name>")
            }
            guard let canonical = FluxManifest.canonicalKind(kind, in: Self.sourceKinds) else {
                throw CLIError("source kind '\(kind)' is not supported, must be one of: \(Self.sourceKinds.joined(separator: ", "))")
            }
            let interval = GoDuration(chartInterval).flatMap { $0.nanoseconds == 0 ? nil : JSONValue.string($0.description) }
            var spec = FluxManifest.fields([
                ("version", .string(chartVersion)),
                ("sourceRef", FluxManifest.fields([("kind", .string(canonical)), ("name", .string(name)), ("namespace", .string(namespace))])),
                ("interval", interval), ("reconcileStrategy", .string(reconcileStrategy)),
            ]).objectValue!
            spec["chart"] = .string(chart)
            chartTemplate = ["spec": .object(spec)]
        } else {
            let (kind, name, namespace) = FluxManifest.kindNameAndNamespace(chartRef)
            guard Self.chartRefKinds.contains(kind) else {
                throw CLIError("chart reference kind '\(kind)' is not supported, must be one of: \(Self.chartRefKinds.joined(separator: ", "))")
            }
            chartReference = FluxManifest.fields([("kind", .string(kind)), ("name", .string(name)), ("namespace", .string(namespace))])
        }
        var install: [(String, JSONValue?)] = []
        if createNamespace { install.append(("createNamespace", true)) }
        var upgrade: JSONValue?
        if !crds.isEmpty {
            install.append(("crds", "Create"))
            upgrade = ["crds": .string(crds)]
        }
        let values = try mergedValues()
        var references: [JSONValue] = []
        for item in FluxManifest.items(valuesFrom) {
            let (kind, name) = FluxManifest.kindAndName(item)
            guard !kind.isEmpty else { throw CLIError("invalid Kubernetes object reference '\(item)', must be in format <kind>/<name>") }
            guard let canonical = FluxManifest.canonicalKind(kind, in: ["Secret", "ConfigMap"]) else {
                throw CLIError("reference kind '\(kind)' is not supported, must be one of: Secret, ConfigMap")
            }
            references.append(["kind": .string(canonical), "name": .string(name)])
        }
        var spec = FluxManifest.fields([
            ("releaseName", .string(releaseName)), ("targetNamespace", .string(targetNamespace)), ("storageNamespace", .string(storageNamespace)),
            ("dependsOn", FluxManifest.dependsOn(dependsOn)), ("chart", chartTemplate), ("chartRef", chartReference),
            ("kubeConfig", kubeConfigSecretRef.isEmpty ? nil : ["secretRef": ["name": .string(kubeConfigSecretRef)]]),
            ("install", install.isEmpty ? nil : FluxManifest.fields(install)), ("upgrade", upgrade),
            ("serviceAccountName", .string(serviceAccount)), ("valuesFrom", .array(references)),
        ]).objectValue!
        // `interval` has no `omitempty`; `values` is written even when the files were empty mappings.
        spec["interval"] = .string(options.intervalText)
        if let values { spec["values"] = values }
        let object = FluxManifest.object(apiVersion: HelmRelease.gvk.apiVersion, kind: "HelmRelease", metadata: metadata, [("spec", .object(spec))])
        guard let ready = try await options.exportOrApply(object, .init(subject: "HelmRelease", applied: "HelmRelease")) else { return }
        Terminal.err("✔ HelmRelease \(options.name) is ready")
        Terminal.err("✔ applied revision \(FluxKind.helmRelease.revision(of: ready) ?? "")")
    }

    /// The `--values` files merged in order (later keys win, mappings merged deeply), as Flux's `transform.MergeMaps`.
    func mergedValues() throws -> JSONValue? {
        let files = FluxManifest.items(valuesFiles)
        guard !files.isEmpty else { return nil }
        var merged = JSONObject()
        for file in files {
            let text = try SecretManifest.readFile(file, failure: "reading values from \(file) failed")
            let document: JSONValue
            do {
                document = try YAMLReader().documents(text, source: file).first?.value ?? .object(JSONObject())
            } catch {
                throw CLIError("converting values to JSON from \(file) failed: \(error)")
            }
            guard case .object(let object) = document else {
                throw CLIError("unmarshaling values from \(file) failed: expected a mapping, got \(document.typeName)")
            }
            merged = Self.merge(merged, object)
        }
        return .object(merged)
    }

    static func merge(_ base: JSONObject, _ overlay: JSONObject) -> JSONObject {
        var result = base
        for (key, value) in overlay.members {
            if case .object(let inner) = value, case .object(let existing)? = result[key] {
                result[key] = .object(merge(existing, inner))
            } else {
                result[key] = value
            }
        }
        return result
    }
}
