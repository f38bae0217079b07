import Foundation

/// The real OpenSSH `sshd` on 127.0.0.1, restricted to `git-shell`, with its own host key and one authorised key.
///
/// Runs as the current user (root in the test machine, hence `PermitRootLogin prohibit-password`); only public-key
/// authentication; every session runs `git-shell -c "$SSH_ORIGINAL_COMMAND"`. libssh2 1.10 signs with `ssh-rsa`
/// (SHA-1) only, which OpenSSH 9 refuses by default, so `ssh-rsa` is accepted again for host and client keys.
public final class GitSSHServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// Its configuration, keys and log.
    public let directory: URL
    /// The host key pair.
    public let hostKey: SSHKeyPair
    /// The client key pair whose public key is authorised.
    public let clientKey: SSHKeyPair
    /// The user name to log in as (the current user).
    public let user: String
    private let server: ServerProcess

    /// The `known_hosts` line for the host key: `[127.0.0.1]:PORT type base64`.
    public var knownHostsLine: String { "[127.0.0.1]:\(port) \(hostKey.type) \(hostKey.base64)" }

    /// What sshd logged so far.
    public var log: String { server.output }

    private init(port: Int, directory: URL, hostKey: SSHKeyPair, clientKey: SSHKeyPair, user: String, server: ServerProcess) {
        self.port = port
        self.directory = directory
        self.hostKey = hostKey
        self.clientKey = clientKey
        self.user = user
        self.server = server
    }

    /// Starts sshd in `directory` with a host key of `hostKeyType` and a client key of `clientKeyType`
    /// (`ed25519`, `ecdsa`, or `rsa`, written as PEM when `pemClientKey`).
    public static func start(directory: URL, hostKeyType: String = "ecdsa", clientKeyType: String = "ed25519",
                             pemClientKey: Bool = false) async throws -> GitSSHServer {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // sshd refuses to start without its privilege separation directory.
        try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = try await SSHKeyPair.generate(type: hostKeyType, name: "ssh_host_key", in: directory)
        let clientKey = try await SSHKeyPair.generate(type: clientKeyType, name: "client_key", in: directory, pem: pemClientKey)
        let authorizedKeys = directory.appendingPathComponent("authorized_keys")
        try Data((clientKey.publicKey + "\n").utf8).write(to: authorizedKeys)
        let user = currentUser()
        var lastOutput = ""
        for attempt in 0..<5 {
            let port = try LoopbackPort.free()
            let config = directory.appendingPathComponent("sshd_config")
            try Data("""
                Port \(port)
                ListenAddress 127.0.0.1
                HostKey \(hostKey.privateKeyFile.path)
                PidFile none
                AuthorizedKeysFile \(authorizedKeys.path)
                AllowUsers \(user)
                PubkeyAuthentication yes
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                UsePAM no
                StrictModes no
                PermitRootLogin prohibit-password
                UseDNS no
                PubkeyAcceptedAlgorithms +ssh-rsa
                HostKeyAlgorithms +ssh-rsa
                LogLevel VERBOSE
                ForceCommand git-shell -c "$SSH_ORIGINAL_COMMAND"

                """.utf8).write(to: config)
            let log = directory.appendingPathComponent("sshd-\(attempt).log")
            let server = try ServerProcess("/usr/sbin/sshd", ["-D", "-e", "-f", config.path], log: log)
            if await server.waitUntilAccepting(port: port) {
                return GitSSHServer(port: port, directory: directory, hostKey: hostKey, clientKey: clientKey, user: user, server: server)
            }
            lastOutput = server.output
            server.stop()
        }
        throw ShellError(description: "sshd did not start: \(lastOutput)")
    }

    /// `ssh://USER@127.0.0.1:PORT/<absolute path>`.
    public func url(_ path: URL) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path.path)" }

    /// Stops sshd.
    public func stop() { server.stop() }

    private static func currentUser() -> String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return "root" }
        return String(cString: name)
    }
}
