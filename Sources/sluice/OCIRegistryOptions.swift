import ArgumentParser
import Foundation
import Logging
import SluiceOCI

/// How the artifact verbs reach a registry: credentials (`--creds`, else the Docker config of `DOCKER_CONFIG` or
/// `~/.docker/config.json`), `--insecure-registry` (plain HTTP), `--ca-file` and `--timeout`.
struct OCIRegistryOptions: ParsableArguments {
    @Option(help: "Credentials for the registry as USER:PASSWORD (default: the Docker config's entry for the registry).")
    var creds: String?

    @Flag(name: .customLong("insecure-registry"), help: "Speak plain HTTP to the registry.")
    var insecureRegistry = false

    @Option(name: .customLong("ca-file"), help: "A PEM file of CA certificates to trust for the registry.")
    var caFile: String?

    @Option(help: "The bound on each registry operation, in seconds.")
    var timeout: Int = 60

    /// The reference in `text` (`oci://host/repo[:tag|@digest]`), as a command-line error when it does not parse.
    func reference(_ text: String) throws -> OCIReference {
        guard text.hasPrefix("oci://") else { throw CLIError("'\(text)' is not an OCI URL", hint: "write oci://HOST/REPOSITORY:TAG") }
        do { return try OCIReference(parsing: text) } catch { throw CLIError("invalid artifact URL: \(error)") }
    }

    /// A client for `reference`'s registry.
    func client(for reference: OCIReference) throws -> OCIClient {
        var credentials: OCICredentials?
        if let creds {
            guard let parsed = OCICredentials(userColonPassword: creds) else {
                throw CLIError("--creds must be USER:PASSWORD", hint: "for a token, any user name and the token as the password")
            }
            credentials = parsed
        } else {
            do { credentials = try DockerConfig.load(environment: ProcessInfo.processInfo.environment).credentials(for: reference.registry) } catch {
                throw CLIError("cannot read the Docker config: \(error)")
            }
        }
        var ca: [UInt8]?
        if let caFile {
            guard let data = FileManager.default.contents(atPath: caFile) else { throw CLIError("cannot read --ca-file '\(caFile)'") }
            ca = Array(data)
        }
        guard timeout > 0 else { throw CLIError("--timeout must be positive") }
        do {
            return try OCIClient(options: OCIClientOptions(credentials: credentials, caCertificatePEM: ca, insecure: insecureRegistry,
                                                           timeout: .seconds(timeout)),
                                 logger: Logger(label: "sluice"))
        } catch {
            throw CLIError("\(error)")
        }
    }
}
