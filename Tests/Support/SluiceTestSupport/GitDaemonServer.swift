import Foundation

/// `git daemon` serving a directory over git:// on 127.0.0.1.
public final class GitDaemonServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// The directory it serves (`--base-path`).
    public let root: URL
    private let server: ServerProcess

    private init(port: Int, root: URL, server: ServerProcess) {
        self.port = port
        self.root = root
        self.server = server
    }

    /// Starts `git daemon` for `root` on a free port and waits until it accepts (retrying on a port race).
    public static func start(root: URL) async throws -> GitDaemonServer {
        var lastOutput = ""
        for attempt in 0..<5 {
            let port = try LoopbackPort.free()
            let log = root.deletingLastPathComponent().appendingPathComponent("git-daemon-\(port)-\(attempt).log")
            // git-daemon itself, not the `git` wrapper, which would not pass signals on.
            let server = try ServerProcess("/usr/lib/git-core/git-daemon", [
                "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--export-all",
                "--base-path=\(root.path)", "--enable=receive-pack", root.path,
            ], log: log, environment: ["GIT_CONFIG_NOSYSTEM": "1"])
            if await server.waitUntilAccepting(port: port) { return GitDaemonServer(port: port, root: root, server: server) }
            lastOutput = server.output
            server.stop()
        }
        throw ShellError(description: "git daemon did not start: \(lastOutput)")
    }

    /// `git://127.0.0.1:PORT/<repository>`.
    public func url(_ repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    /// Stops the daemon.
    public func stop() { server.stop() }
}
