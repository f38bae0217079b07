import ArgumentParser
import Foundation
import SluiceCore

/// `sluice create secret git NAME --url URL`: Git credentials, as `flux create secret git`: for SSH a key pair
/// (generated, or `--private-key-file`) and the server's host key; for HTTP(S) a username and password or a
/// bearer token, and a CA.
struct CreateSecretGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git", abstract: "Create or update a Kubernetes secret for Git authentication.",
        discussion: "For Git over SSH, the host and SSH keys are generated and stored in the secret. For Git over HTTP/S, the basic authentication credentials or bearer token are stored in the secret.")

    @OptionGroup var options: CreateSecretOptions
    @Option(name: .customLong("url"), help: "Git address, e.g. ssh://git@host/org/repository.") var url = ""
    @Option(name: [.customShort("u"), .customLong("username")], help: "Basic authentication username.") var username = ""
    @Option(name: [.customShort("p"), .customLong("password")], help: "Basic authentication password.") var password = ""
    @OptionGroup var ssh: SSHKeyOptions
    @Option(name: .customLong("ca-crt-file"), help: "Path to TLS CA certificate file used for validating self-signed certificates.") var caCrtFile = ""
    @Option(name: .customLong("private-key-file"), help: "Path to a passwordless private key file used for authenticating to the Git SSH server.") var privateKeyFile = ""
    @Option(name: .customLong("bearer-token"), help: "Bearer authentication token.") var bearerToken = ""

    func run() async throws {
        guard !url.isEmpty else { throw CLIError("url is required") }
        guard let parsed = URLComponents(string: url) else { throw CLIError("git URL parse failed: \(url)") }
        let labels = try options.create.labels()
        let name = options.create.name, namespace = options.create.namespace()
        let secret: SecretManifest
        switch parsed.scheme ?? "" {
        case "ssh":
            let credentials = try await SecretManifest.sshCredentials(
                host: CreateSourceGitCommand.hostAndPort(parsed), username: username, password: password, privateKeyFile: privateKeyFile,
                algorithm: ssh.algorithm, rsaBits: ssh.rsaBits, curve: ssh.curve)
            secret = .git(name: name, namespace: namespace, labels: labels, username: username, password: password,
                          keyPair: credentials?.0, knownHosts: credentials?.1)
        case "http", "https":
            guard (!username.isEmpty && !password.isEmpty) || !bearerToken.isEmpty else {
                throw CLIError("for Git over HTTP/S the username and password, or a bearer token is required")
            }
            guard username.isEmpty || password.isEmpty || bearerToken.isEmpty else {
                throw CLIError("user credentials and bearer token cannot be used together")
            }
            let ca = caCrtFile.isEmpty ? "" : try SecretManifest.readFile(caCrtFile, failure: "unable to read TLS CA file")
            secret = .git(name: name, namespace: namespace, labels: labels, username: username, password: password,
                          bearerToken: bearerToken, caCrt: ca, keyPair: nil, knownHosts: nil)
        default:
            throw CLIError("git URL scheme '\(parsed.scheme ?? "")' not supported, can be: ssh, http and https")
        }
        try await options.exportOrApply(secret, kind: "git") {
            if let publicKey = secret.stringData["identity.pub"] { Terminal.err("✚ deploy key: \(publicKey)") }
        }
    }
}

/// The flags of `sluice create secret …`: those of every create verb but `--interval`, which a Secret has no use for
/// (flux accepts and ignores it).
struct CreateSecretOptions: ParsableArguments {
    @OptionGroup var create: CreateOptions

    /// Prints the Secret for `--export` (the only place its values are ever printed), else applies it.
    func exportOrApply(_ secret: SecretManifest, kind: String, trailingNewline: Bool = true, beforeApply: () -> Void = {}) async throws {
        if create.export {
            let text = try secret.exportText()
            Terminal.write(trailingNewline ? text + "\n" : text)
            return
        }
        beforeApply()
        let client = try create.global.client()
        try await ObjectUpserter(global: create.global, client: client).apply(secret.object)
        Terminal.err("► \(kind) secret '\(secret.name)' created in '\(secret.namespace)' namespace")
    }
}
