import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process of `sluice up`: its output goes to a log file, and it runs in a process group of its own, so a
/// Ctrl-C on the terminal reaches only `sluice up`, which then stops the children in order.
final class SpawnedProcess: @unchecked Sendable {
    /// A name for messages, such as `source-controller`.
    let name: String
    /// The process id.
    let pid: pid_t
    /// Where its stdout and stderr go.
    let logFile: URL
    // Only touched by the owning task (`sluice up` polls and stops its children from one place).
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`, stdout and stderr appended to `logFile`, signals at their defaults.
    init(name: String, executable: URL, arguments: [String], logFile: URL) throws {
        self.name = name
        self.logFile = logFile
        let log = open(logFile.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard log >= 0 else { throw CLIError("cannot open \(logFile.path): \(String(cString: strerror(errno)))") }
        defer { close(log) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, log, 1)
        posix_spawn_file_actions_adddup2(&actions, log, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group: the terminal's SIGINT goes to `sluice up` alone.
        posix_spawnattr_setpgroup(&attributes, 0)
        // `sluice up` ignores SIGINT and SIGTERM itself (it watches them through Dispatch); ignored dispositions
        // survive exec, so reset them, and start with nothing blocked.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = [executable.path] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, &cArguments, environ)
        guard status == 0 else {
            throw CLIError("cannot start \(executable.path): \(String(cString: strerror(status)))",
                           hint: "build the executables first: swift build")
        }
        pid = child
    }

    /// The exit status once it has exited (128 + signal when killed), `nil` while it runs.
    func poll() -> Int32? {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out: Swift does not import the macros.
        let signal = status & 0x7F
        exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return exitStatus
    }

    /// Sends SIGTERM, waits up to `grace`, then SIGKILL; returns the exit status.
    @discardableResult
    func stop(grace: Duration = .seconds(10)) async -> Int32 {
        if let status = poll() { return status }
        await Self.terminate(pid, grace: grace) { poll() != nil }
        return poll() ?? 128 + SIGKILL
    }

    /// SIGTERM to `pid`, up to `grace` for `hasExited`, then SIGKILL and a wait until it has; for children and for the
    /// orphans of a killed `sluice up` alike (the caller says how to tell, as only a parent may `waitpid`).
    static func terminate(_ pid: pid_t, grace: Duration = .seconds(10), hasExited: () -> Bool) async {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while ContinuousClock.now < deadline {
            if hasExited() { return }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        while !hasExited() { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// The last `count` lines of its log, for a failure message.
    func logTail(_ count: Int = 5) -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(count).joined(separator: "\n")
    }
}
