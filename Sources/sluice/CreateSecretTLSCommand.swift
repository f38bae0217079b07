import ArgumentParser
import Foundation

/// `sluice create secret tls NAME --tls-crt-file … --tls-key-file … [--ca-crt-file …]`, as `flux create secret tls`.
struct CreateSecretTLSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "tls", abstract: "Create or update a Kubernetes secret with TLS certificates.")

    @OptionGroup var options: CreateSecretOptions
    @OptionGroup var tls: TLSFileOptions

    func run() async throws {
        let labels = try options.create.labels()
        let files = try tls.read()
        let secret = try SecretManifest.tls(name: options.create.name, namespace: options.create.namespace(), labels: labels,
                                            caCrt: files.ca, tlsCrt: files.certificate, tlsKey: files.key)
        // flux prints this one with `Print`, not `Println`: no blank line after it.
        try await options.exportOrApply(secret, kind: "tls", trailingNewline: false)
    }
}
