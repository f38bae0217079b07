import ArgumentParser
import Foundation
import SluiceStore

/// `store-worker artifacts`: puts numbered artifacts, then reads them back.
struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Put COUNT artifacts of SIZE bytes, then read back and check the latest of each name.",
        discussion: """
            Artifact i is named w<worker>-<i % names> in namespace worker-<worker>, kind Bucket, with revision \
            w<worker>-<i>; its content starts with "sluice-artifact worker=<worker> seq=<i>".
            """)

    /// Which half of the work to do.
    enum Phase: String, ExpressibleByArgument, CaseIterable {
        case put, get, both
    }

    @OptionGroup var options: WorkerOptions

    @Option(help: "How many artifacts to put.")
    var count: Int

    @Option(help: "Bytes per artifact.")
    var size: Int = 4096

    @Option(help: "How many distinct artifact names to cycle through (default: COUNT).")
    var names: Int?

    @Option(help: "put, get or both.")
    var phase: Phase = .both

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        guard size >= 0 else { throw ValidationError("--size must not be negative") }
        if let names, names < 1 { throw ValidationError("--names must be at least 1") }
    }

    func run() throws {
        let store = try options.open()
        let worker = options.worker
        let names = min(self.names ?? count, count)
        let filler = Payload.filler(count: min(size, 1 << 20))
        let contents = phase == .get ? [] : (0..<count).map {
            Payload.content(worker: worker, seq: $0, size: size, filler: filler)
        }
        options.waitForStart()
        if phase != .get {
            let start = Date().timeIntervalSince1970
            for seq in 0..<count {
                try store.putArtifact(
                    kind: "Bucket", namespace: "worker-\(worker)", name: "w\(worker)-\(seq % names)",
                    revision: "w\(worker)-\(seq)", content: contents[seq])
            }
            let end = Date().timeIntervalSince1970
            try WorkerReport(
                op: "put", worker: worker, count: count, bytes: Int64(count) * Int64(size), start: start, end: end
            ).print()
        }
        if phase != .put {
            let start = Date().timeIntervalSince1970
            var bytes: Int64 = 0
            for index in 0..<names {
                let name = "w\(worker)-\(index)"
                guard let record = try store.latestArtifact(kind: "Bucket", namespace: "worker-\(worker)", name: name) else {
                    throw ValidationError("artifact \(name) is missing")
                }
                let content = try store.artifactContent(record)
                guard let seq = Int(record.revision.split(separator: "-").last ?? ""),
                    content.starts(with: Payload.header(worker: worker, seq: seq).prefix(size)),
                    content.count == size
                else {
                    throw ValidationError("artifact \(name) revision \(record.revision) has the wrong content")
                }
                bytes += Int64(content.count)
            }
            let end = Date().timeIntervalSince1970
            try WorkerReport(op: "get", worker: worker, count: names, bytes: bytes, start: start, end: end).print()
        }
    }
}
