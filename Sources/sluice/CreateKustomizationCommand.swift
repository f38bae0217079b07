import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create kustomization NAME --source GitRepository/NAME --path ./dir`: a Kustomization, as
/// `flux create kustomization`.
struct CreateKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Create or update a Kustomization resource.", aliases: ["ks"])

    /// The source kinds a Kustomization may name.
    static let sourceKinds = ["OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"]

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("source"), help: "Source that contains the Kubernetes manifests in the format '[<kind>/]<name>.<namespace>', where kind must be one of: (OCIRepository, GitRepository, Bucket, ExternalArtifact), if kind is not specified it defaults to GitRepository.") var source = ""
    @Option(name: .customLong("path"), help: "Path to the directory containing a kustomization.yaml file.") var path = "./"
    @Flag(name: .customLong("prune"), help: "Enable garbage collection.") var prune = false
    @Flag(name: .customLong("wait"), help: "Enable health checking of all the applied resources.") var wait = false
    @Option(name: .customLong("health-check"), help: "Workload to be included in the health assessment, in the format '<kind>/<name>.<namespace>'.") var healthCheck: [String] = []
    @Option(name: .customLong("health-check-timeout"), help: "Timeout of health checking operations.") var healthTimeout = "2m"
    @Option(name: .customLong("validation"), help: .hidden) var validation = ""
    @Option(name: .customLong("depends-on"), help: "Kustomization that must be ready before this Kustomization can be applied, '<name>' or '<namespace>/<name>'.") var dependsOn: [String] = []
    @Option(name: .customLong("service-account"), help: "The name of the service account to impersonate when reconciling this Kustomization.") var serviceAccount = ""
    @Option(name: .customLong("decryption-provider"), help: "Decryption provider (sops).") var decryptionProvider = ""
    @Option(name: .customLong("decryption-secret"), help: "The Kubernetes secret name that contains the OpenPGP private keys used for sops decryption.") var decryptionSecret = ""
    @Option(name: .customLong("target-namespace"), help: "Overrides the namespace of all Kustomization objects reconciled by this Kustomization.") var targetNamespace = ""
    @Option(name: .customLong("kubeconfig-secret-ref"), help: "The name of the Kubernetes Secret that contains a key with the kubeconfig file for connecting to a remote cluster.") var kubeConfigSecretRef = ""
    @Option(name: .customLong("retry-interval"), help: "The interval at which to retry a previously failed reconciliation.") var retryInterval = ""

    func validate() throws {
        if !decryptionProvider.isEmpty, decryptionProvider != "sops" {
            throw ValidationError("unsupported decryption provider '\(decryptionProvider)', must be one of: sops")
        }
        for (flag, value) in [("health-check-timeout", healthTimeout), ("retry-interval", retryInterval)] where !value.isEmpty && GoDuration(value) == nil {
            throw ValidationError("invalid argument \"\(value)\" for \"--\(flag)\" flag: time: invalid duration \"\(value)\"")
        }
    }

    func run() async throws {
        let path = Self.safeRelativePath(self.path)
        guard path.hasPrefix("./") else { throw CLIError("path must begin with ./") }
        let sourceRef = try Self.sourceReference(source)
        if !options.export { Terminal.err("✚ generating Kustomization") }
        let metadata = try options.metadata()
        var healthChecks: [JSONValue] = []
        if !healthCheck.isEmpty && !wait {
            for item in FluxManifest.items(healthCheck) {
                let kindAndObject = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard kindAndObject.count == 2 else {
                    throw CLIError("invalid health check '\(item)' must be in the format 'kind/name.namespace' \(kindAndObject)")
                }
                let kind = kindAndObject[0]
                guard ["Deployment", "DaemonSet", "StatefulSet", "HelmRelease"].contains(kind) else {
                    throw CLIError("invalid health check kind '\(kind)' can be HelmRelease, Deployment, DaemonSet or StatefulSet")
                }
                let nameAndNamespace = kindAndObject[1].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                guard nameAndNamespace.count == 2 else { throw CLIError("invalid health check '\(item)' must be in the format 'kind/name.namespace'") }
                healthChecks.append(FluxManifest.fields([
                    ("apiVersion", kind == "HelmRelease" ? .string(HelmRelease.gvk.apiVersion) : nil), ("kind", .string(kind)),
                    ("name", .string(nameAndNamespace[0])), ("namespace", .string(nameAndNamespace[1])),
                ]))
            }
        }
        let timeout: JSONValue? = wait || !healthChecks.isEmpty ? .string(CreateOptions.goDuration(healthTimeout)) : nil
        var spec = FluxManifest.fields([
            ("interval", .string(options.intervalText)), ("path", .string(path)),
            ("sourceRef", sourceRef), ("targetNamespace", .string(targetNamespace)),
            ("dependsOn", FluxManifest.dependsOn(dependsOn)),
            ("kubeConfig", kubeConfigSecretRef.isEmpty ? nil : ["secretRef": ["name": .string(kubeConfigSecretRef)]]),
            ("healthChecks", .array(healthChecks)), ("wait", .bool(wait)), ("timeout", timeout),
            ("serviceAccountName", .string(serviceAccount)),
            ("decryption", decryptionProvider.isEmpty ? nil
                : FluxManifest.fields([("provider", .string(decryptionProvider)), ("secretRef", FluxManifest.localReference(decryptionSecret))])),
            ("retryInterval", retryInterval.isEmpty || GoDuration(retryInterval)?.nanoseconds == 0 ? nil : .string(CreateOptions.goDuration(retryInterval))),
        ]).objectValue!
        // `prune` has no `omitempty`: flux always writes it.
        spec["prune"] = .bool(prune)
        let object = FluxManifest.object(apiVersion: Kustomization.gvk.apiVersion, kind: "Kustomization", metadata: metadata, [("spec", .object(spec))])
        guard let ready = try await options.exportOrApply(object, .init(subject: "Kustomization", applied: "Kustomization")) else { return }
        Terminal.err("✔ Kustomization \(options.name) is ready")
        Terminal.err("✔ applied revision \(ready["status", "lastAppliedRevision"]?.stringValue ?? "")")
    }

    /// `--source` as a `sourceRef`: `[<kind>/]<name>[.<namespace>]`, GitRepository when no kind is given.
    static func sourceReference(_ source: String) throws -> JSONValue {
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("source is required") }
        let (kind, name, namespace) = FluxManifest.kindNameAndNamespace(source)
        guard !name.isEmpty else { throw CLIError("no name given for source of kind '\(kind)'") }
        var canonical = "GitRepository"
        if kind.isEmpty {
            if sourceKinds.contains(name) { throw CLIError("no kind specified for source '\(name)'") }
        } else {
            guard let found = FluxManifest.canonicalKind(kind, in: sourceKinds) else {
                throw CLIError("source kind '\(kind)' is not supported, must be one of: \(sourceKinds.joined(separator: ", "))")
            }
            canonical = found
        }
        return FluxManifest.fields([("kind", .string(canonical)), ("name", .string(name)), ("namespace", .string(namespace))])
    }

    /// Flux's `SafeRelativePath`: the path cleaned inside the root (`..` cannot leave it), with `./` in front.
    static func safeRelativePath(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.trimmingCharacters(in: .whitespaces).split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "./" + parts.joined(separator: "/")
    }
}
