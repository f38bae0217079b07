import Foundation
import GRDB
import SluiceStore
import Testing

/// A fresh directory for one test's store, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(component: "sluice-store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the directory.
    func path(_ name: String = "store.db") -> String {
        url.appending(path: name).path
    }
}

/// Opens a raw GRDB connection to a store file, bypassing ``Store``, to inspect or damage it.
func rawQueue(_ path: String) throws -> DatabaseQueue {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    return try DatabaseQueue(path: path, configuration: configuration)
}

/// The file's bytes.
func fileBytes(_ path: String) throws -> Data {
    try Data(contentsOf: URL(fileURLWithPath: path))
}

/// A small event about `name`.
func sampleEvent(
    kind: String = "GitRepository", namespace: String? = "flux-system", name: String = "podinfo",
    severity: EventSeverity = .info, message: String = "stored artifact", metadata: [String: String]? = nil
) -> Event {
    Event(
        involvedObject: InvolvedObject(
            kind: kind, namespace: namespace, name: name, uid: "8f1c4a5e", apiVersion: "source.toolkit.fluxcd.io/v1",
            resourceVersion: "42"),
        severity: severity, timestamp: Date(), message: message, reason: "Succeeded", metadata: metadata,
        reportingController: "source-controller", reportingInstance: "source-controller-0")
}

/// The built `store-worker` executable.
///
/// Looked for next to the test bundle (where SwiftPM builds every product), then in `.build/debug` of the
/// package this file belongs to; `SLUICE_STORE_WORKER` overrides both.
func storeWorkerURL() throws -> URL {
    var candidates: [URL] = []
    if let override = ProcessInfo.processInfo.environment["SLUICE_STORE_WORKER"] {
        candidates.append(URL(fileURLWithPath: override))
    }
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        candidates.append(bundle.bundleURL.deletingLastPathComponent().appending(component: "store-worker"))
    }
    if let executable = Bundle.main.executableURL {
        candidates.append(executable.deletingLastPathComponent().appending(component: "store-worker"))
    }
    let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    candidates.append(packageRoot.appending(path: ".build/debug/store-worker"))
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
        return found
    }
    throw WorkerNotBuilt(candidates: candidates.map(\.path))
}

/// The `store-worker` executable is missing.
struct WorkerNotBuilt: Error, CustomStringConvertible {
    let candidates: [String]
    var description: String {
        "store-worker is not built: run `swift build` (or `swift build --product store-worker`) before `swift test`; looked in \(candidates.joined(separator: ", "))"
    }
}

/// A running `store-worker` child process.
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    let stdout = Pipe()
    let stderr = Pipe()
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `store-worker` with `arguments`.
    init(_ arguments: [String]) throws {
        process.executableURL = try storeWorkerURL()
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    /// Waits for the process to exit, killing it after `timeout` seconds, on a Dispatch thread: the blocking
    /// waits below must not hold one of the two threads every parallel test shares.
    ///
    /// - Returns: Its exit status, standard output and standard error.
    func finish(timeout: TimeInterval = 45) async -> (status: Int32, stdout: String, stderr: String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.finishBlocking(timeout: timeout)) }
        }
    }

    private func finishBlocking(timeout: TimeInterval) -> (status: Int32, stdout: String, stderr: String) {
        // Drain the pipes while waiting, so that a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var output = Data()
        nonisolated(unsafe) var errors = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { output = self.stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { errors = self.stderr.fileHandleForReading.readDataToEndOfFile() }
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            Issue.record("store-worker \(process.arguments ?? []) did not finish within \(timeout) s and was killed")
        }
        group.wait()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
