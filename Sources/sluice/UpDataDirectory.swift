import Foundation
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// The data directory of `sluice up`, held exclusively while it runs.
///
/// Layout: `cluster/` (the API server's database and kubeconfig), `store.db` (the shared store), `logs/` (one log
/// per child), `example/` (the bundled example as a Git repository), `webhook-token`, `up.lock` and `up.pids`.
/// The directory is `0700` (tightened if an older Sluice left it open), so the cluster's Secrets, the store and the
/// tokens in it are the owner's alone; the files Sluice writes in it are `0600`.
final class UpDataDirectory: Sendable {
    /// The directory, absolute.
    let url: URL
    private let lockDescriptor: Int32

    /// Creates the directory if needed and takes its lock.
    ///
    /// - Throws: ``CLIError`` naming the process when another `sluice up` holds the directory.
    init(path: String) throws {
        url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
        do {
            try OwnerOnlyFiles.prepareDirectory(url.path)
            try OwnerOnlyFiles.prepareDirectory(url.appendingPathComponent("logs").path)
        } catch {
            throw CLIError("cannot create the data directory \(url.path): \(error)",
                           hint: "pass --data with a directory you may write")
        }
        let lockPath = url.appendingPathComponent("up.lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CLIError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw CLIError("another `sluice up` is already running on \(url.path)\(holder.map { $0.isEmpty ? "" : " (pid \($0))" } ?? "")",
                           hint: "stop it with Ctrl-C, or start this one with --data and another directory")
        }
        ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        lockDescriptor = descriptor
    }

    /// The API server's directory.
    var cluster: URL { url.appendingPathComponent("cluster") }
    /// The kubeconfig `sluice cluster serve` writes.
    var kubeconfig: URL { cluster.appendingPathComponent("kubeconfig") }
    /// The shared store.
    var store: URL { url.appendingPathComponent("store.db") }
    /// The log of the child `name`.
    func log(_ name: String) -> URL { url.appendingPathComponent("logs/\(name).log") }
    /// Where the bundled example becomes a Git repository.
    var example: URL { url.appendingPathComponent("example") }
    private var pidsFile: URL { url.appendingPathComponent("up.pids") }

    /// The token the push webhook is derived from: made once, kept, so the webhook URL survives restarts.
    func webhookToken() throws -> String {
        let file = url.appendingPathComponent("webhook-token")
        try OwnerOnlyFiles.restrict(file.path)
        if let token = try? String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty {
            return token
        }
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try OwnerOnlyFiles.replaceContents(of: file.path, with: Array((token + "\n").utf8))
        return token
    }

    /// Records the children, so a later `sluice up` can stop them if this one is killed before it could.
    func recordChildren(_ children: [SpawnedProcess]) {
        let lines = children.map { "\($0.pid) \($0.name)\n" }.joined()
        try? Data(lines.utf8).write(to: pidsFile, options: .atomic)
    }

    /// Stops the children a killed `sluice up` left running on this directory: those recorded whose command line
    /// still names it. Returns their names.
    func stopOrphans() async -> [String] {
        guard let text = try? String(contentsOf: pidsFile, encoding: .utf8) else { return [] }
        var stopped: [String] = []
        // Controllers first, the API server they talk to last (it was recorded first).
        for line in text.split(separator: "\n").reversed() {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, let pid = pid_t(fields[0]),
                  let commandLine = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
                  String(decoding: commandLine, as: UTF8.self).contains(url.path)
            else { continue }
            await SpawnedProcess.terminate(pid) { kill(pid, 0) != 0 }
            stopped.append("\(fields[1]) (pid \(pid))")
        }
        try? FileManager.default.removeItem(at: pidsFile)
        return stopped
    }

    /// The children a running `sluice up` on the data directory at `path` recorded, and whether each is alive (a
    /// process with that pid whose command line names the directory), for `sluice check`; read without the lock.
    static func recordedChildren(at path: String) -> [(name: String, pid: pid_t, alive: Bool)] {
        let directory = URL(fileURLWithPath: path).standardizedFileURL
        guard let text = try? String(contentsOf: directory.appendingPathComponent("up.pids"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2, let pid = pid_t(fields[0]) else { return nil }
            let commandLine = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))).map { String(decoding: $0, as: UTF8.self) }
            return (String(fields[1]), pid, commandLine?.contains(directory.path) == true)
        }
    }

    /// Forgets the children (they have stopped) and releases the lock.
    func release() {
        try? FileManager.default.removeItem(at: pidsFile)
        ftruncate(lockDescriptor, 0)
        close(lockDescriptor)
    }
}
