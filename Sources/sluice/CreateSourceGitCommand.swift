import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `sluice create source git NAME --url URL --branch B`: a GitRepository, and for private repositories a Secret with
/// the credentials (SSH keys generated, the host key collected), as `flux create source git`.
struct CreateSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Create or update a GitRepository source.",
        discussion: "For Git over SSH, host and SSH keys are generated and stored in a Kubernetes secret. For private Git repositories, the basic authentication credentials are stored in a Kubernetes secret.")

    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("url"), help: "Git address, e.g. ssh://git@host/org/repository.") var url = ""
    @Option(name: .customLong("branch"), help: "Git branch.") var branch = ""
    @Option(name: .customLong("tag"), help: "Git tag.") var tag = ""
    @Option(name: .customLong("tag-semver"), help: "Git tag semver range.") var semver = ""
    @Option(name: .customLong("ref-name"), help: "Git reference name.") var refName = ""
    @Option(name: .customLong("commit"), help: "Git commit.") var commit = ""
    @Option(name: [.customShort("u"), .customLong("username")], help: "Basic authentication username.") var username = ""
    @Option(name: [.customShort("p"), .customLong("password")], help: "Basic authentication password.") var password = ""
    @OptionGroup var ssh: SSHKeyOptions
    @Option(name: .customLong("secret-ref"), help: "The name of an existing secret containing SSH or basic credentials.") var secretRef = ""
    @Option(name: .customLong("proxy-secret-ref"), help: "The name of an existing secret containing the proxy address and credentials.") var proxySecretRef = ""
    @Option(name: .customLong("provider"), help: "The Git provider name (generic|github|aws|azure).") var provider = ""
    @Option(name: .customLong("ca-file"), help: "Path to TLS CA file used for validating self-signed certificates.") var caFile = ""
    @Option(name: .customLong("private-key-file"), help: "Path to a passwordless private key file used for authenticating to the Git SSH server.") var privateKeyFile = ""
    @Flag(name: .customLong("recurse-submodules"), help: "Initialize and include Git submodules in the artifact.") var recurseSubmodules = false
    @Flag(name: [.customShort("s"), .customLong("silent")], help: "Assumes the deploy key is already setup, skips confirmation.") var silent = false
    @Option(name: .customLong("ignore-paths"), help: "Paths to ignore (repeatable, or comma-separated).") var ignorePaths: [String] = []
    @Option(name: .customLong("sparse-checkout-paths"), help: "Paths to sparse checkout (repeatable, or comma-separated).") var sparseCheckoutPaths: [String] = []
    @Option(name: .customLong("fetch-timeout"), help: "A timeout for fetch operations performed by source-controller.") var fetchTimeout = ""

    func validate() throws {
        if !provider.isEmpty, !["generic", "github", "aws", "azure"].contains(provider) {
            throw ValidationError("source Git provider '\(provider)' is not supported, must be one of: generic, github, aws, azure")
        }
    }

    func run() async throws {
        guard !url.isEmpty else { throw CLIError("url is required") }
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme else { throw CLIError("git URL parse failed: \(url)") }
        guard ["ssh", "http", "https"].contains(scheme) else {
            throw CLIError("git URL scheme '\(scheme)' not supported, can be: ssh, http and https")
        }
        guard !(branch + tag + semver + commit + refName).isEmpty else {
            throw CLIError("a Git ref is required, use one of the following: --branch, --tag, --commit, --ref-name or --tag-semver")
        }
        if !caFile.isEmpty && scheme == "ssh" { throw CLIError("specifying a CA file is not supported for Git over SSH") }
        let metadata = try options.metadata()

        var reference: [(String, JSONValue?)] = []
        if !commit.isEmpty {
            reference = [("commit", .string(commit)), ("branch", .string(branch))]
        } else if !refName.isEmpty {
            reference = [("name", .string(refName))]
        } else if !semver.isEmpty {
            reference = [("semver", .string(semver))]
        } else if !tag.isEmpty {
            reference = [("tag", .string(tag))]
        } else {
            reference = [("branch", .string(branch))]
        }
        let ignore = FluxManifest.items(ignorePaths)
        var secretName = secretRef
        let spec = { (secretName: String) in
            FluxManifest.fields([
                ("url", .string(url)), ("interval", .string(options.intervalText)),
                ("recurseSubmodules", .bool(recurseSubmodules)), ("ref", FluxManifest.fields(reference)),
                ("ignore", ignore.isEmpty ? nil : .string(ignore.joined(separator: "\n"))),
                ("sparseCheckout", .array(FluxManifest.items(sparseCheckoutPaths).map { .string($0) })),
                ("timeout", fetchTimeout.isEmpty ? nil : .string(CreateOptions.goDuration(fetchTimeout))),
                ("secretRef", FluxManifest.localReference(secretName)), ("proxySecretRef", FluxManifest.localReference(proxySecretRef)),
                ("provider", .string(provider)),
            ])
        }
        let apiVersion = GitRepository.gvk.apiVersion
        if options.export {
            Terminal.out(try FluxManifest.exportText(FluxManifest.object(apiVersion: apiVersion, kind: "GitRepository", metadata: metadata, [("spec", spec(secretName))])))
            return
        }
        // The credentials first: the Secret is applied before the GitRepository that names it.
        var secret: SecretManifest?
        Terminal.err("✚ generating GitRepository source")
        if secretRef.isEmpty {
            let namespace = options.namespace()
            switch scheme {
            case "ssh":
                let credentials = try await SecretManifest.sshCredentials(
                    host: Self.hostAndPort(parsed), username: username, password: password, privateKeyFile: privateKeyFile,
                    algorithm: ssh.algorithm, rsaBits: ssh.rsaBits, curve: ssh.curve)
                secret = .git(name: options.name, namespace: namespace, labels: [], username: username, password: password,
                              keyPair: credentials?.0, knownHosts: credentials?.1)
            case "https":
                let ca = caFile.isEmpty ? "" : try SecretManifest.readFile(caFile, failure: "unable to read TLS CA file")
                secret = .git(name: options.name, namespace: namespace, labels: [], username: username, password: password, caCrt: ca,
                              keyPair: nil, knownHosts: nil)
            default:
                Terminal.err("⚠️ insecure configuration: credentials configured for an HTTP URL")
                secret = .git(name: options.name, namespace: namespace, labels: [], username: username, password: password,
                              keyPair: nil, knownHosts: nil)
            }
            if let data = secret?.stringData, !data.isEmpty {
                if let knownHosts = data["known_hosts"] { Terminal.err("✔ collected public key from SSH server:\n\(knownHosts)") }
                if let publicKey = data["identity.pub"] {
                    Terminal.err("✚ deploy key: \(publicKey)")
                    if !silent && !Confirmation.ask("Have you added the deploy key to your repository") {
                        throw CLIError("aborting")
                    }
                }
                secretName = options.name
            } else {
                secret = nil
            }
        }
        let object = FluxManifest.object(apiVersion: apiVersion, kind: "GitRepository", metadata: metadata, [("spec", spec(secretName))])
        let ready = try await options.exportOrApply(object, .init(subject: "GitRepository source", applied: "GitRepository source")) { upserter in
            guard let secret else { return }
            Terminal.err("► applying secret with repository credentials")
            try await upserter.apply(secret.object)
            Terminal.err("✔ authentication configured")
        }
        Terminal.err("✔ GitRepository source reconciliation completed")
        guard let revision = ready?["status", "artifact", "revision"]?.stringValue else {
            throw CLIError("GitRepository source reconciliation completed but no artifact was found")
        }
        Terminal.err("✔ fetched revision: \(revision)")
    }

    /// `host` or `host:port` of a URL, as Go's `url.URL.Host`.
    static func hostAndPort(_ url: URLComponents) -> String {
        let host = url.host.map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        return url.port.map { "\(host):\($0)" } ?? host
    }
}

/// The SSH key flags of `create source git` and `create secret git`.
struct SSHKeyOptions: ParsableArguments {
    @Option(name: .customLong("ssh-key-algorithm"), help: "SSH public key algorithm (rsa|ecdsa|ed25519).")
    var algorithmName = "ecdsa"
    @Option(name: .customLong("ssh-rsa-bits"), help: "SSH RSA public key bit size (multiplies of 8, min 1024).")
    var rsaBits = 2048
    @Option(name: .customLong("ssh-ecdsa-curve"), help: "SSH ECDSA public key curve (p256|p384|p521).")
    var curveName = "p384"

    func validate() throws {
        guard SSHKeyPair.Algorithm(rawValue: algorithmName) != nil else {
            throw ValidationError("unsupported public key algorithm '\(algorithmName)', must be one of: rsa, ecdsa, ed25519")
        }
        guard rsaBits >= 1024 else { throw ValidationError("RSA key bit size must be at least 1024") }
        guard rsaBits % 8 == 0, rsaBits <= 16384 else { throw ValidationError("RSA key bit size must be a multiples of 8") }
        guard SSHKeyPair.Curve(rawValue: curveName) != nil else {
            throw ValidationError("unsupported curve '\(curveName)', must be one of: p256, p384, p521")
        }
    }

    var algorithm: SSHKeyPair.Algorithm { SSHKeyPair.Algorithm(rawValue: algorithmName) ?? .ecdsa }
    var curve: SSHKeyPair.Curve { SSHKeyPair.Curve(rawValue: curveName) ?? .p384 }
}
