import ArgumentParser
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceGoTemplate
import SluiceHelm
import SluiceKube
import SluiceRuntime

/// `helm-controller template [NAME] CHART`: prints what the built-in chart engine renders, as `helm template` does;
/// `helm-controller template --helmrelease NAME -n NS`: what the controller would install or upgrade for a HelmRelease.
public struct HelmTemplateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a chart and print the manifests (as `helm template [NAME] CHART`), or a HelmRelease as the controller would release it.",
        discussion: """
            With --helmrelease NAME (-n its namespace), the HelmRelease is read from the cluster, its chart from the store             and its values from the spec and valuesFrom, post-renderers applied, and the manifest and hooks the next             install or upgrade would record are printed; nothing is installed and no revision is recorded.
            """)

    @Option(name: .customLong("helmrelease"), help: "Render this HelmRelease (in -n NAMESPACE) as the controller would, instead of a chart.")
    var helmRelease: String?

    @OptionGroup var cluster: ClusterOptions

    @Argument(help: "The release name (optional) and the chart: a directory or a .tgz file.")
    var arguments: [String] = []

    @Option(name: [.customShort("f"), .customLong("values")], help: "A values file (repeatable; commas separate several).")
    var values: [String] = []

    @Option(name: .customLong("set"), help: "Set values: a.b=1,list[0]=x (repeatable).")
    var set: [String] = []

    @Option(name: .customLong("set-string"), help: "Set values as strings (repeatable).")
    var setString: [String] = []

    @Option(name: .customLong("set-file"), help: "Set values from files: key=path (repeatable).")
    var setFile: [String] = []

    @Option(name: .customLong("set-json"), help: "Set JSON values: key=JSON (repeatable).")
    var setJSON: [String] = []

    @Option(name: .customLong("set-literal"), help: "Set a literal string value: key=rest of the argument (repeatable).")
    var setLiteral: [String] = []

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The release namespace.")
    var namespace: String = "default"

    @Option(name: .customLong("kube-version"), help: "The Kubernetes version for .Capabilities (default v1.36.0).")
    var kubeVersion: String?

    @Option(name: [.customShort("a"), .customLong("api-versions")], help: "Extra API versions for .Capabilities (G/V or G/V/Kind; repeatable, commas separate).")
    var apiVersions: [String] = []

    @Flag(name: .customLong("include-crds"), help: "Print the chart's crds/ files first.")
    var includeCRDs = false

    @Flag(name: .customLong("skip-tests"), help: "Leave out test hooks.")
    var skipTests = false

    @Option(name: [.customShort("s"), .customLong("show-only")], help: "Only print documents of matching templates (repeatable).")
    var showOnly: [String] = []

    @Flag(name: .customLong("no-hooks"), help: "Leave out hooks.")
    var noHooks = false

    @Flag(name: .customLong("is-upgrade"), help: "Render as an upgrade (.Release.IsUpgrade).")
    var isUpgrade = false

    @Flag(name: .customLong("skip-schema-validation"), help: "Do not validate values against values.schema.json.")
    var skipSchemaValidation = false

    @Flag(name: .customLong("hide-secret"), help: "Replace v1 Secrets by a comment.")
    var hideSecret = false

    @Option(name: .customLong("name-template"), help: "A template for the release name.")
    var nameTemplate: String?

    @Flag(name: .customLong("debug"), help: "Print what was rendered even when a manifest is not valid YAML.")
    var debug = false

    public init() {}

    public func validate() throws {
        guard helmRelease != nil else { return }
        let chartOptions = [values, set, setString, setFile, setJSON, setLiteral, apiVersions].contains { !$0.isEmpty }
        guard arguments.isEmpty, !chartOptions, kubeVersion == nil, nameTemplate == nil, !isUpgrade else {
            throw ValidationError("--helmrelease renders the HelmRelease's own chart and values: leave out NAME CHART, -f, --set*, --kube-version, -a, --name-template and --is-upgrade")
        }
    }

    public func run() async throws {
        if let helmRelease {
            return try await renderHelmRelease(helmRelease)
        }
        do {
            let text = try render()
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch let failure as TemplateFailure {
            if !failure.stdout.isEmpty { FileHandle.standardOutput.write(Data(failure.stdout.utf8)) }
            var message = failure.error.message
            if failure.error.stage == .render && !debug { message += "\n\nUse --debug flag to render out invalid YAML" }
            FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Renders the HelmRelease `name` in `-n` as the controller would release it and prints the manifest, then the
    /// hooks (as `helm template` does; `--no-hooks` and `--skip-tests` leave them out).
    private func renderHelmRelease(_ name: String) async throws {
        var logger = Logger(label: HelmController.name)
        logger.logLevel = .warning
        let record: HelmReleaseRecord
        do {
            let parts = try ControllerProcess.Parts.open(name: HelmController.name, cluster: cluster, logger: logger)
            guard let raw = try await parts.api.get(HelmRelease.gvk, namespace: namespace, name: name) else {
                throw ValidationError("HelmRelease \(namespace)/\(name) not found")
            }
            let context = ReconcileContext(api: parts.api, store: parts.store,
                                           events: EventRecorder(store: nil, controller: HelmController.name, logger: logger), logger: logger)
            let object = try raw.decode(as: HelmRelease.self)
            guard let client = parts.api as? KubernetesClient else { throw ValidationError("the helm-controller needs a Kubernetes client") }
            let storage = SecretReleaseStorage(client: client, namespace: object.spec.storageNamespace ?? namespace)
            record = try await HelmController.reconciler(parts, flags: HelmControllerFlags.parse([]))
                .renderNextRevision(object, storage: RenderOnlyReleaseStorage(reading: storage), context: context)
        } catch {
            FileHandle.standardError.write(Data("Error: HelmRelease \(namespace)/\(name): \(error)\n".utf8))
            throw ExitCode(1)
        }
        var text = record.manifest.hasSuffix("\n") || record.manifest.isEmpty ? record.manifest : record.manifest + "\n"
        if !noHooks {
            for hook in record.hooks where !(skipTests && hook.events.contains("test")) {
                text += "---\n# Source: \(hook.path)\n\(hook.manifest)\n"
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private struct TemplateFailure: Error {
        var error: HelmError
        var stdout = ""
    }

    private func render() throws -> String {
        let output = outputOptions()
        let release: RenderedRelease
        do {
            release = try renderRelease()
        } catch {
            guard debug, let files = error.renderedFiles else { throw TemplateFailure(error: error) }
            var dump = ""
            for path in files.keys.sorted() where !files[path]!.allSatisfy(\.isWhitespace) {
                dump += "---\n# Source: \(path)\n\(files[path]!)\n"
            }
            let printed = dump.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
            let shown = showOnly.isEmpty ? printed : ((try? output.filtered(printed)) ?? "")
            throw TemplateFailure(error: error, stdout: shown)
        }
        do {
            return try output.text(release)
        } catch {
            throw TemplateFailure(error: error)
        }
    }

    private func outputOptions() -> TemplateOutput {
        var output = TemplateOutput()
        output.includeCRDs = includeCRDs
        output.noHooks = noHooks
        output.skipTests = skipTests
        output.hideSecret = hideSecret
        output.showOnly = showOnly
        return output
    }

    private func renderRelease() throws(HelmError) -> RenderedRelease {
        let release = ReleaseOptions(name: try releaseName(), namespace: namespace, isUpgrade: isUpgrade)
        let extra = apiVersions.flatMap { $0.split(separator: ",").map(String.init) }
        var capabilities = HelmCapabilities(extraAPIVersions: extra)
        if let kubeVersion { capabilities = try HelmCapabilities(kubeVersion: kubeVersion, extraAPIVersions: extra) }
        var options = ValueOptions()
        for path in values.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HelmError(.values, "open \(path): no such file or directory")
            }
            options.valuesFiles.append((path, String(decoding: data, as: UTF8.self)))
        }
        options.set = set
        options.setString = setString
        options.setFile = setFile
        options.setJSON = setJSON
        options.setLiteral = setLiteral
        options.readFile = { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw HelmError(.values, "open \(path): no such file or directory") }
            return String(decoding: data, as: UTF8.self)
        }
        let userValues = try options.merged()
        let chart = try ChartLoader().load(path: try chartPath())
        let renderer = ChartRenderer(release: release, capabilities: capabilities, skipSchemaValidation: skipSchemaValidation)
        return try renderer.render(chart, values: userValues)
    }

    private func chartPath() throws(HelmError) -> String {
        switch arguments.count {
        case 1: return arguments[0]
        case 2: return arguments[1]
        default: throw HelmError(.load, "\"helm-controller template\" requires at least 1 argument and at most 2 (NAME CHART)")
        }
    }

    private func releaseName() throws(HelmError) -> String {
        if arguments.count == 2 { return arguments[0] }
        guard let nameTemplate else { return "release-name" }
        var set = TemplateSet()
        do throws(GoTemplateError) {
            try set.parse(name: "name-template", text: nameTemplate)
            return try set.render("name-template", with: .null)
        } catch {
            throw HelmError(.load, error.message)
        }
    }
}
