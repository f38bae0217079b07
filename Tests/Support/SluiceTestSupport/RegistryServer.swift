import Foundation

/// The real CNCF distribution registry (Debian's `/usr/bin/docker-registry serve CONFIG`) on 127.0.0.1, with its
/// storage, configuration and log in a temporary directory; optionally htpasswd basic auth (a file made by
/// `htpasswd -Bbn`) and TLS from a test CA. Never the packaged service: a private process per test, stopped by
/// ``stop()`` or on deinit.
public final class RegistryServer: Sendable {
    /// The executable.
    public static let executable = "/usr/bin/docker-registry"
    /// Whether the registry and `htpasswd` are installed (scripts/bootstrap.sh installs both).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && FileManager.default.isExecutableFile(atPath: "/usr/bin/htpasswd")
    }

    /// The port it listens on.
    public let port: Int
    /// Its directory: `config.yml`, `storage/`, `htpasswd`, the log.
    public let directory: URL
    /// The CA and server certificate when it speaks TLS.
    public let certificates: TLSCertificateFiles?
    private let process: ServerProcess

    /// `127.0.0.1:PORT`, the registry part of a reference.
    public var host: String { "127.0.0.1:\(port)" }

    /// `oci://127.0.0.1:PORT/<repository>`.
    public func url(_ repository: String) -> String { "oci://\(host)/\(repository)" }

    /// Where the registry keeps blobs: `storage/docker/registry/v2/blobs/sha256/<2>/<hex>/data`.
    public func blobFile(digest: String) -> URL {
        let hex = String(digest.split(separator: ":").last ?? "")
        return directory.appendingPathComponent("storage/docker/registry/v2/blobs/sha256/\(hex.prefix(2))/\(hex)/data")
    }

    /// What the registry logged.
    public var log: String { process.output }

    private init(port: Int, directory: URL, certificates: TLSCertificateFiles?, process: ServerProcess) {
        self.port = port
        self.directory = directory
        self.certificates = certificates
        self.process = process
    }

    /// Starts a registry in a fresh directory under `parent` (a temporary directory by default).
    /// - Parameters:
    ///   - basicAuth: the only user and password accepted (htpasswd, bcrypt), if any.
    ///   - tls: serve HTTPS with a certificate from a fresh test CA.
    public static func start(basicAuth: (username: String, password: String)? = nil, tls: Bool = false,
                             in parent: URL = FileManager.default.temporaryDirectory) async throws -> RegistryServer
    {
        let directory = parent.appendingPathComponent("registry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("storage"), withIntermediateDirectories: true)
        let certificates = tls ? try await TLSCertificateFiles.generate(in: directory.appendingPathComponent("tls")) : nil
        var authSection = ""
        if let basicAuth {
            let line = try await Shell.run("/usr/bin/htpasswd", ["-Bbn", basicAuth.username, basicAuth.password])
            try Data(line.utf8).write(to: directory.appendingPathComponent("htpasswd"))
            authSection = """
                auth:
                  htpasswd:
                    realm: sluice-test
                    path: \(directory.appendingPathComponent("htpasswd").path)

                """
        }
        var lastError = "no attempt"
        for _ in 0..<5 {
            // A port from the kernel, released before the registry binds it: another process may take it first, so retry.
            let port = try LoopbackPort.free()
            var tlsSection = ""
            if let certificates {
                tlsSection = """
                      tls:
                        certificate: \(certificates.serverCertificate.path)
                        key: \(certificates.serverKey.path)

                    """
            }
            let config = """
                version: 0.1
                log:
                  level: info
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: \(directory.appendingPathComponent("storage").path)
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:\(port)
                  secret: sluice-test-secret
                \(tlsSection)\(authSection)
                """
            let configFile = directory.appendingPathComponent("config.yml")
            try Data(config.utf8).write(to: configFile)
            let process = try ServerProcess(executable, ["serve", configFile.path], log: directory.appendingPathComponent("registry-\(port).log"))
            if await process.waitUntilAccepting(port: port, timeout: .seconds(60)) {
                return RegistryServer(port: port, directory: directory, certificates: certificates, process: process)
            }
            lastError = process.output
            process.stop()
        }
        throw ShellError(description: "docker-registry did not start: \(lastError)")
    }

    /// Stops the registry and removes its directory.
    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { process.stop() }
}
