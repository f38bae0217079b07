import ArgumentParser
import Foundation

/// `sluice create secret helm NAME`: Helm repository credentials (basic auth, client certificate, CA), as
/// `flux create secret helm`.
struct CreateSecretHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helm", abstract: "Create or update a Kubernetes secret for Helm repository authentication.")

    @OptionGroup var options: CreateSecretOptions
    @Option(name: [.customShort("u"), .customLong("username")], help: "Basic authentication username.") var username = ""
    @Option(name: [.customShort("p"), .customLong("password")], help: "Basic authentication password.") var password = ""
    @OptionGroup var tls: TLSFileOptions

    func run() async throws {
        let labels = try options.create.labels()
        let files = try tls.read()
        let secret = try SecretManifest.helm(name: options.create.name, namespace: options.create.namespace(), labels: labels,
                                             username: username, password: password, caCrt: files.ca, tlsCrt: files.certificate, tlsKey: files.key)
        try await options.exportOrApply(secret, kind: "helm")
    }
}

/// `--tls-crt-file`, `--tls-key-file`, `--ca-crt-file`.
struct TLSFileOptions: ParsableArguments {
    @Option(name: .customLong("tls-crt-file"), help: "TLS authentication cert file path.") var tlsCrtFile = ""
    @Option(name: .customLong("tls-key-file"), help: "TLS authentication key file path.") var tlsKeyFile = ""
    @Option(name: .customLong("ca-crt-file"), help: "TLS authentication CA file path.") var caCrtFile = ""

    /// The files' contents ("" for a flag not given), bounded, with flux's messages.
    func read() throws -> (ca: String, certificate: String, key: String) {
        (caCrtFile.isEmpty ? "" : try SecretManifest.readFile(caCrtFile, failure: "unable to read TLS CA file"),
         tlsCrtFile.isEmpty ? "" : try SecretManifest.readFile(tlsCrtFile, failure: "failed to read cert file"),
         tlsKeyFile.isEmpty ? "" : try SecretManifest.readFile(tlsKeyFile, failure: "failed to read key file"))
    }
}
