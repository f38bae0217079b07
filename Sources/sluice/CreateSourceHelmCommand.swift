import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create source helm NAME --url URL`: a HelmRepository (type `oci` for `oci://` URLs), with a Secret
/// `helm-NAME` for credentials, as `flux create source helm`.
struct CreateSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helm",
        abstract: "Create or update a HelmRepository source.",
        discussion: "For private Helm repositories, the basic authentication credentials are stored in a Kubernetes secret.")

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("url"), help: "Helm repository address.") var url = ""
    @Option(name: [.customShort("u"), .customLong("username")], help: "Basic authentication username.") var username = ""
    @Option(name: [.customShort("p"), .customLong("password")], help: "Basic authentication password.") var password = ""
    @Option(name: .customLong("cert-file"), help: "TLS authentication cert file path.") var certFile = ""
    @Option(name: .customLong("key-file"), help: "TLS authentication key file path.") var keyFile = ""
    @Option(name: .customLong("ca-file"), help: "TLS authentication CA file path.") var caFile = ""
    @Option(name: .customLong("secret-ref"), help: "The name of an existing secret containing TLS, basic auth or docker-config credentials.") var secretRef = ""
    @Option(name: .customLong("oci-provider"), help: "OCI provider for authentication.") var ociProvider = ""
    @Flag(name: .customLong("pass-credentials"), help: "Pass credentials to all domains.") var passCredentials = false
    @Option(name: .customLong("fetch-timeout"), help: "A timeout for fetch operations performed by source-controller.") var fetchTimeout = ""

    func run() async throws {
        guard !url.isEmpty else { throw CLIError("url is required") }
        let metadata = try options.metadata()
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme else { throw CLIError("url parse failed: \(url)") }
        guard ["http", "https", "oci"].contains(scheme) else { throw CLIError("url scheme '\(scheme)' not supported, can be: http, https and oci") }
        guard !(parsed.host ?? "").isEmpty else { throw CLIError("url host is required") }
        let isOCI = scheme == "oci"
        let spec = { (secretName: String) in
            FluxManifest.fields([
                ("url", .string(url)), ("interval", .string(options.intervalText)),
                ("type", isOCI ? "oci" : nil), ("provider", isOCI ? .string(ociProvider) : nil),
                ("timeout", fetchTimeout.isEmpty ? nil : .string(CreateOptions.goDuration(fetchTimeout))),
                ("secretRef", FluxManifest.localReference(secretName)),
                ("passCredentials", .bool(!secretName.isEmpty && passCredentials)),
            ])
        }
        let apiVersion = HelmRepository.gvk.apiVersion
        if options.export {
            Terminal.out(try FluxManifest.exportText(FluxManifest.object(apiVersion: apiVersion, kind: "HelmRepository", metadata: metadata, [("spec", spec(secretRef))])))
            return
        }
        let ca = caFile.isEmpty ? "" : try SecretManifest.readFile(caFile, failure: "unable to read TLS CA file")
        var certificate = "", key = ""
        if !certFile.isEmpty && !keyFile.isEmpty {
            certificate = try SecretManifest.readFile(certFile, failure: "failed to read cert file")
            key = try SecretManifest.readFile(keyFile, failure: "failed to read key file")
        }
        Terminal.err("✚ generating HelmRepository source")
        var secret: SecretManifest?
        var secretName = secretRef
        if secretRef.isEmpty {
            let made = try SecretManifest.helm(name: "helm-\(options.name)", namespace: options.namespace(), labels: [],
                                               username: username, password: password, caCrt: ca, tlsCrt: certificate, tlsKey: key)
            if !made.stringData.isEmpty {
                secret = made
                secretName = made.name
            }
        }
        let object = FluxManifest.object(apiVersion: apiVersion, kind: "HelmRepository", metadata: metadata, [("spec", spec(secretName))])
        let ready = try await options.exportOrApply(object, .init(subject: "HelmRepository source", applied: "source", isStatic: isOCI)) { upserter in
            guard let secret else { return }
            Terminal.err("► applying secret with repository credentials")
            try await upserter.apply(secret.object)
            Terminal.err("✔ authentication configured")
        }
        Terminal.err("✔ HelmRepository source reconciliation completed")
        if isOCI { return }
        guard let revision = ready?["status", "artifact", "revision"]?.stringValue else {
            throw CLIError("HelmRepository source reconciliation completed but no artifact was found")
        }
        Terminal.err("✔ fetched revision: \(revision)")
    }
}
