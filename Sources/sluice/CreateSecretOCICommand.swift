import ArgumentParser
import Foundation

/// `sluice create secret oci NAME --url REGISTRY --username U --password P`: an image pull Secret, as
/// `flux create secret oci`.
struct CreateSecretOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Create or update a Kubernetes image pull secret.")

    @OptionGroup var options: CreateSecretOptions
    @Option(name: .customLong("url"), help: "OCI repository address e.g ghcr.io/stefanprodan/charts.") var url = ""
    @Option(name: [.customShort("u"), .customLong("username")], help: "Basic authentication username.") var username = ""
    @Option(name: [.customShort("p"), .customLong("password")], help: "Basic authentication password.") var password = ""

    func run() async throws {
        guard !url.isEmpty else { throw CLIError("--url is required") }
        guard !username.isEmpty else { throw CLIError("--username is required") }
        guard !password.isEmpty else { throw CLIError("--password is required") }
        guard !url.contains("://"), !url.contains(where: { $0.isWhitespace }) else {
            throw CLIError("error parsing url: 'could not parse reference: \(url)'", hint: "give the registry and repository without a scheme, e.g. ghcr.io/org/charts")
        }
        let secret = SecretManifest.registry(name: options.create.name, namespace: options.create.namespace(), labels: [],
                                             server: url, username: username, password: password)
        try await options.exportOrApply(secret, kind: "oci")
    }
}
