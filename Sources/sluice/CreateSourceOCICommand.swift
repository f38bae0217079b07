import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create source oci NAME --url oci://… --tag T`: an OCIRepository, as `flux create source oci`.
struct CreateSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Create or update an OCIRepository.")

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("provider"), help: "The OCI provider name (generic|aws|azure|gcp).") var provider = "generic"
    @Option(name: .customLong("url"), help: "The OCI repository URL.") var url = ""
    @Option(name: .customLong("tag"), help: "The OCI artifact tag.") var tag = ""
    @Option(name: .customLong("tag-semver"), help: "The OCI artifact tag semver range.") var semver = ""
    @Option(name: .customLong("digest"), help: "The OCI artifact digest.") var digest = ""
    @Option(name: .customLong("secret-ref"), help: "The name of the Kubernetes image pull secret (type 'kubernetes.io/dockerconfigjson').") var secretRef = ""
    @Option(name: .customLong("proxy-secret-ref"), help: "The name of an existing secret containing the proxy address and credentials.") var proxySecretRef = ""
    @Option(name: .customLong("service-account"), help: "The name of the Kubernetes service account that refers to an image pull secret.") var serviceAccount = ""
    @Option(name: .customLong("cert-ref"), help: "The name of a secret to use for TLS certificates.") var certSecretRef = ""
    @Option(name: .customLong("verify-provider"), help: "The OCI verify provider name (cosign|notation).") var verifyProvider = ""
    @Option(name: .customLong("verify-secret-ref"), help: "The name of a secret to use for signature verification.") var verifySecretRef = ""
    @Option(name: .customLong("verify-subject"), help: "Regular expression to use for the OIDC subject during signature verification.") var verifySubject = ""
    @Option(name: .customLong("verify-issuer"), help: "Regular expression to use for the OIDC issuer during signature verification.") var verifyIssuer = ""
    @Option(name: .customLong("ignore-paths"), help: "Paths to ignore resources (repeatable, or comma-separated).") var ignorePaths: [String] = []
    @Flag(name: .customLong("insecure"), help: "For when connecting to a non-TLS registries over plain HTTP.") var insecure = false
    @Option(name: .customLong("layer-selector"), help: "The OCI artifact layer selector in the format '<media-type>:<operation>'.") var layerSelector = ""
    @Option(name: .customLong("fetch-timeout"), help: "A timeout for fetch operations performed by source-controller.") var fetchTimeout = ""

    func validate() throws {
        guard ["generic", "aws", "azure", "gcp"].contains(provider) else {
            throw ValidationError("source OCI provider '\(provider)' is not supported, must be one of: generic, aws, azure, gcp")
        }
        if !verifyProvider.isEmpty, !["cosign", "notation"].contains(verifyProvider) {
            throw ValidationError("source OCI verify provider '\(verifyProvider)' is not supported, must be one of: cosign, notation")
        }
    }

    func run() async throws {
        guard !url.isEmpty else { throw CLIError("url is required") }
        guard !(semver + tag + digest).isEmpty else { throw CLIError("--tag, --tag-semver or --digest is required") }
        var selector: JSONValue?
        if !layerSelector.isEmpty {
            let parts = layerSelector.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError("invalid --layer-selector \"\(layerSelector)\": must be in the format '<media-type>:<operation>'")
            }
            guard ["extract", "copy"].contains(parts[1]) else {
                throw CLIError("invalid --layer-selector \"\(layerSelector)\": operation must be \"extract\" or \"copy\"")
            }
            selector = ["mediaType": .string(parts[0]), "operation": .string(parts[1])]
        }
        let metadata = try options.metadata()
        var verify: JSONValue?
        if !verifyProvider.isEmpty {
            let identities: JSONValue? = verifyIssuer.isEmpty && verifySubject.isEmpty ? nil
                : [["issuer": .string(verifyIssuer), "subject": .string(verifySubject)]]
            verify = FluxManifest.fields([("provider", .string(verifyProvider)), ("secretRef", FluxManifest.localReference(verifySecretRef)),
                                          ("matchOIDCIdentity", identities)])
        } else if !verifySecretRef.isEmpty {
            throw CLIError("a verification provider must be specified when a secret is specified")
        } else if !verifyIssuer.isEmpty || !verifySubject.isEmpty {
            throw CLIError("a verification provider must be specified when OIDC issuer/subject is specified")
        }
        let ignore = FluxManifest.items(ignorePaths)
        let spec = FluxManifest.fields([
            ("provider", .string(provider)), ("url", .string(url)), ("insecure", .bool(insecure)), ("interval", .string(options.intervalText)),
            ("ref", FluxManifest.fields([("digest", .string(digest)), ("semver", .string(semver)), ("tag", .string(tag))])),
            ("ignore", ignore.isEmpty ? nil : .string(ignore.joined(separator: "\n"))),
            ("layerSelector", selector),
            ("timeout", fetchTimeout.isEmpty ? nil : .string(CreateOptions.goDuration(fetchTimeout))),
            ("serviceAccountName", .string(serviceAccount)),
            ("secretRef", FluxManifest.localReference(secretRef)), ("proxySecretRef", FluxManifest.localReference(proxySecretRef)),
            ("certSecretRef", FluxManifest.localReference(certSecretRef)), ("verify", verify),
        ])
        let object = FluxManifest.object(apiVersion: OCIRepository.gvk.apiVersion, kind: "OCIRepository", metadata: metadata, [("spec", spec)])
        guard let ready = try await options.exportOrApply(object, .init(subject: "OCIRepository", applied: "OCIRepository")) else { return }
        Terminal.err("✔ OCIRepository reconciliation completed")
        guard let revision = ready["status", "artifact", "revision"]?.stringValue else { throw CLIError("no artifact was found") }
        Terminal.err("✔ fetched revision: \(revision)")
    }
}
