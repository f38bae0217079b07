import ArgumentParser
import Foundation
import SluiceStore

/// A child process that writes to a shared ``Store``, for the store's multi-process tests and the benchmark.
///
/// Each subcommand opens the store, optionally waits for a common start time, does its work, and prints one
/// JSON report line per phase on stdout. Errors exit non-zero with a message on stderr.
@main
struct StoreWorker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-worker",
        abstract: "Writes events and artifacts to a Sluice store, for tests and benchmarks.",
        subcommands: [EventsCommand.self, ArtifactsCommand.self, MixedCommand.self, LoopCommand.self])
}

/// Options every subcommand shares.
struct WorkerOptions: ParsableArguments {
    @Option(help: "The store file.")
    var store: String

    @Option(help: "This worker's id, written into everything it stores.")
    var worker: String = "0"

    @Option(help: "Artifacts kept per object.")
    var keep: Int = 2

    @Option(help: .hidden)
    var startAt: Double?

    func validate() throws {
        guard !worker.isEmpty else { throw ValidationError("--worker must not be empty") }
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1") }
    }

    /// Opens the store.
    func open() throws -> Store {
        try Store(path: store, artifactsKept: keep)
    }

    /// Sleeps until `--start-at`, when given, so that workers started one after another begin together.
    func waitForStart() {
        guard let startAt else { return }
        let delay = startAt - Date().timeIntervalSince1970
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
    }
}

/// One phase's result, printed as a JSON line.
struct WorkerReport: Codable {
    var op: String
    var worker: String
    var count: Int
    var bytes: Int64
    /// Wall-clock start and end, seconds since 1970, comparable across processes.
    var start: Double
    var end: Double

    /// Prints the report as one line on stdout.
    func print() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(self)
        line.append(UInt8(ascii: "\n"))
        FileHandle.standardOutput.write(line)
    }
}

/// What workers store, so that tests can recognise every item.
enum Payload {
    /// The event a worker appends as number `seq`.
    static func event(worker: String, seq: Int) -> Event {
        Event(
            involvedObject: InvolvedObject(
                kind: "GitRepository", namespace: "worker-\(worker)", name: "repo-\(seq % 10)",
                uid: "uid-\(worker)", apiVersion: "source.toolkit.fluxcd.io/v1"),
            severity: seq % 7 == 0 ? .error : .info,
            message: "worker \(worker) event \(seq)",
            reason: "StoreWorker",
            metadata: ["worker": worker, "seq": String(seq)],
            reportingController: "store-worker",
            reportingInstance: "worker-\(worker)")
    }

    /// The first line of an artifact's content, naming its worker and number.
    static func header(worker: String, seq: Int) -> [UInt8] {
        Array("sluice-artifact worker=\(worker) seq=\(seq)\n".utf8)
    }

    /// Content of `size` bytes starting with the header (or a prefix of it, when `size` is smaller).
    static func content(worker: String, seq: Int, size: Int, filler: [UInt8]) -> [UInt8] {
        var bytes = header(worker: worker, seq: seq)
        if bytes.count >= size { return Array(bytes.prefix(size)) }
        bytes.reserveCapacity(size)
        while bytes.count < size {
            bytes.append(contentsOf: filler.prefix(size - bytes.count))
        }
        return bytes
    }

    /// Pseudo-random filler bytes (xorshift64), the same on every run.
    static func filler(count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state) { bytes.append(contentsOf: $0) }
        }
        return Array(bytes.prefix(count))
    }
}
