import Foundation
import Logging
import SluiceTestSupport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh directory for one test, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(component: "sluice-archive-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Make everything writable first so that removal cannot fail on read-only directories.
        if let walker = FileManager.default.enumerator(atPath: url.path) {
            for case let relative as String in walker { chmod(url.appending(path: relative).path, 0o700) }
        }
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory.
    func path(_ relative: String) -> String { url.appending(path: relative).path }

    /// A URL inside the directory.
    func appending(_ relative: String) -> URL { url.appending(path: relative) }

    /// Writes a file (creating its parent directories) with `mode`.
    @discardableResult
    func write(_ relative: String, _ contents: String, mode: Int = 0o644) throws -> URL {
        try write(relative, bytes: Array(contents.utf8), mode: mode)
    }

    /// Writes a file of bytes (creating its parent directories) with `mode`.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8], mode: Int = 0o644) throws -> URL {
        let file = appending(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file.path)
        return file
    }

    /// Creates a directory (and its parents).
    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(at: appending(relative), withIntermediateDirectories: true)
    }

    /// Creates a symlink at `relative` whose target text is `target`.
    func symlink(_ relative: String, to target: String) throws {
        let link = appending(relative)
        try FileManager.default.createDirectory(at: link.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: target)
    }
}

/// Runs real tools (`git`, `tar`, `gzip`, `python3`) for the tests, through `SluiceTestSupport.Shell` (which waits without holding a thread).
enum Tools {
    /// Runs `executable` with `arguments`; returns status, standard output and standard error.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) async throws -> ShellResult {
        try await Shell.execute(executable, arguments, in: directory, environment: environment)
    }

    /// Runs a command that must succeed; returns its standard output.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) async throws -> String {
        try await Shell.run(executable, arguments, in: directory, environment: environment)
    }

    /// Runs a Python program (for crafting archives with `tarfile`).
    @discardableResult
    static func python(_ program: String, _ arguments: [String] = [], in directory: URL? = nil) async throws -> String {
        try await check("/usr/bin/env", ["python3", "-c", program] + arguments, in: directory)
    }

    /// `git` with a fixed identity and no user or system configuration.
    @discardableResult
    static func git(_ arguments: [String], in directory: URL) async throws -> String {
        try await check(
            "/usr/bin/env", ["git"] + arguments, in: directory,
            environment: ["GIT_CONFIG_NOSYSTEM": "1", "HOME": directory.path, "GIT_CONFIG_GLOBAL": "/dev/null"])
    }
}

/// A log handler that keeps what it is given, to check warnings.
struct RecordingLogHandler: LogHandler {
    /// The messages logged, shared by all copies of the handler.
    final class Records: Sendable {
        let entries = Mutex<[(level: Logger.Level, message: String, metadata: Logger.Metadata)]>([])
        var all: [(level: Logger.Level, message: String, metadata: Logger.Metadata)] { entries.withLock { $0 } }
        var warnings: [String] { all.filter { $0.level == .warning }.map(\.message) }
    }

    let records: Records
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.entries.withLock {
            $0.append((event.level, event.message.description, metadata.merging(event.metadata ?? [:]) { $1 }))
        }
    }

    /// A logger writing into fresh records.
    static func logger() -> (Logger, Records) {
        let records = Records()
        return (Logger(label: "sluice-archive-tests") { _ in RecordingLogHandler(records: records) }, records)
    }
}

/// The file's bytes.
func bytes(of url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

/// The permission bits of a path (not following symlinks).
func permissions(_ path: String) -> Int {
    var info = stat()
    guard lstat(path, &info) == 0 else { return -1 }
    return Int(info.st_mode & 0o7777)
}

/// The target of a symlink, or nil when the path is not one.
func linkTarget(_ path: String) -> String? {
    try? FileManager.default.destinationOfSymbolicLink(atPath: path)
}

/// Deterministic pseudo-random bytes (incompressible), from a seed.
func noise(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
