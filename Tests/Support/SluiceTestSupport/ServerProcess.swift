import Foundation
import Synchronization

/// A long-running child process for a test server (git daemon, sshd) in a process group of its own, its output
/// kept in a log file.
///
/// Spawned with `posix_spawn` and an empty signal mask: children that Foundation's `Process` starts from a
/// dispatch worker inherit the worker's blocked signals, so SIGTERM would never reach them. `stop` signals the
/// whole group, which also ends the connections a server forked.
public final class ServerProcess: Sendable {
    /// The process id (and process group id).
    public let pid: pid_t
    /// Where its standard output and error go.
    public let log: URL
    /// Whether the server was reaped; its id is not signalled after that (it may be reused).
    private let reaped = Atomic<Bool>(false)

    /// Starts `executable` with `arguments`, output appended to `log`.
    public init(_ executable: String, _ arguments: [String], log: URL, environment: [String: String] = [:]) throws {
        self.log = log
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 1, log.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&fileActions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &fileActions, &attributes, argv, envp)
        guard result == 0 else { throw ShellError(description: "cannot start \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    /// What it printed so far.
    public var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Whether it still runs (reaps it when it ended).
    public var isRunning: Bool {
        if reaped.load(ordering: .acquiring) { return false }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == 0 else {
            // Ended: end what it forked while its group id still names them, then never signal it again.
            kill(-pid, SIGKILL)
            reaped.store(true, ordering: .releasing)
            return false
        }
        return true
    }

    /// Stops the process group with SIGTERM (SIGKILL after 5 s) and reaps the server.
    public func stop() {
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        let deadline = Date(timeIntervalSinceNow: 5)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) != 0 { break }
            usleep(10_000)
        }
        // Whatever the group still holds (a stuck server, forked connections) goes too.
        kill(-pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
        reaped.store(true, ordering: .releasing)
    }

    /// Waits until 127.0.0.1:`port` accepts connections; false when the process died or `timeout` passed.
    public func waitUntilAccepting(port: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !isRunning { return false }
            if LoopbackPort.accepts(port) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    deinit { stop() }
}
