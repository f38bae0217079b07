import Foundation

/// The GnuPG processes working on one home: found by an argument equal to the home's path (gpgme starts gpg with
/// `--homedir HOME`, gpg starts gpg-agent the same way), among this user's processes.
///
/// gpgme does not wait for gpg to exit (it double-forks, and returns once gpg's output and status are read), so a gpg
/// may still be releasing its locks, or starting an agent, when an operation has returned. Closing a keyring waits for
/// them before it removes the home, or the home would be re-created behind it. Linux only (`/proc`); elsewhere
/// nothing is found and the removal's retries are all there is.
enum GPGProcesses {
    /// The processes of this user with `home` as one of their arguments, and whether each is a gpg-agent.
    static func mentioning(_ home: String) -> [(pid: pid_t, isAgent: Bool)] {
        #if os(Linux)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let target = Array(home.utf8)
        let me = getpid()
        var found: [(pid: pid_t, isAgent: Bool)] = []
        for entry in entries {
            guard let pid = pid_t(entry), pid != me else { continue }
            var status = stat()
            guard stat("/proc/\(entry)", &status) == 0, status.st_uid == getuid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { continue }
            let arguments = data.split(separator: 0, omittingEmptySubsequences: false)
            guard arguments.contains(where: { $0.elementsEqual(target) }) else { continue }
            let program = arguments.first.map { String(decoding: $0, as: UTF8.self) } ?? ""
            found.append((pid, program.hasSuffix("gpg-agent")))
        }
        return found
        #else
        return []
        #endif
    }

    /// Waits (polling every 10 ms, up to `attempts` polls) until no process matching `selected` mentions `home`;
    /// returns those still there.
    static func waitUntilGone(_ home: String, attempts: Int, where selected: (pid_t, Bool) -> Bool = { _, _ in true }) -> [pid_t] {
        var remaining: [pid_t] = []
        for attempt in 0..<attempts {
            remaining = mentioning(home).filter { selected($0.pid, $0.isAgent) }.map(\.pid)
            if remaining.isEmpty || attempt == attempts - 1 { break }
            usleep(10_000)
        }
        return remaining
    }
}
