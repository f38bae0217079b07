import Foundation
import GRDB
import SluiceStore
import Testing

/// Real `store-worker` child processes sharing one store file.
@Suite("Several processes", .serialized)
struct MultiProcessTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test("four processes create one store and write events and artifacts to it at once; nothing is lost or doubled")
    func fourWriters() async throws {
        let path = directory.path("shared/store.db")
        let workers = 4, eventsEach = 500, artifactsEach = 20, names = 5, size = 8192
        // The file does not exist yet: the workers also race to create it.
        let start = Date().timeIntervalSince1970 + 0.3
        let processes = try (1...workers).map { worker in
            try WorkerProcess([
                "mixed", "--store", path, "--worker", String(worker), "--events", String(eventsEach),
                "--artifacts", String(artifactsEach), "--names", String(names), "--size", String(size),
                "--start-at", String(start),
            ])
        }
        for (index, process) in processes.enumerated() {
            let result = await process.finish()
            #expect(result.status == 0, "worker \(index + 1) failed: \(result.stderr)")
        }

        let store = try Store(path: path)
        let events = try store.events(limit: 100_000)
        #expect(events.count == workers * eventsEach)
        let ids = events.compactMap(\.id)
        #expect(zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }, "ids strictly increase")
        #expect(try store.lastEventID() == ids.last)

        var seen: [String: Int] = [:]
        var lastSeqOfWorker: [String: Int] = [:]
        for event in events {
            guard let worker = event.metadata?["worker"], let seq = event.metadata?["seq"].flatMap({ Int($0) }) else {
                Issue.record("untagged event \(event)")
                continue
            }
            seen["\(worker)/\(seq)", default: 0] += 1
            // Each worker appends in order, so its events appear in the log in order.
            #expect(seq > lastSeqOfWorker[worker, default: -1], "worker \(worker) seq \(seq) out of order")
            lastSeqOfWorker[worker] = seq
            #expect(event.message == "worker \(worker) event \(seq)")
        }
        let expected = Set((1...workers).flatMap { worker in (0..<eventsEach).map { "\(worker)/\($0)" } })
        #expect(Set(seen.keys) == expected)
        #expect(seen.values.allSatisfy { $0 == 1 }, "every (worker, seq) exactly once")

        // Artifacts: each worker cycled through `names` names; GC kept the two newest of each.
        for worker in 1...workers {
            for index in 0..<names {
                let kept = try store.artifacts(kind: "Bucket", namespace: "worker-\(worker)", name: "w\(worker)-\(index)")
                let newest = Array(stride(from: index, to: artifactsEach, by: names).suffix(2).reversed())
                #expect(kept.map(\.revision) == newest.map { "w\(worker)-\($0)" })
                for (record, seq) in zip(kept, newest) {
                    let content = try store.artifactContent(record)
                    #expect(content.count == size)
                    #expect(content.starts(with: Array("sluice-artifact worker=\(worker) seq=\(seq)\n".utf8)))
                }
            }
        }
        let orphans = try await rawQueue(path).read {
            try Int.fetchOne($0, sql: "SELECT count(*) FROM blobs WHERE digest NOT IN (SELECT digest FROM artifacts)")
        }
        #expect(orphans == 0)
        #expect(try store.checkIntegrity() == [])
    }

    @Test("writers killed with SIGKILL lose no acknowledged commit and leave a sound file, round after round")
    func killNine() async throws {
        let path = directory.path()
        var earlier: [(worker: String, acknowledged: Int)] = []
        // Kill at different points; 64 KiB artifacts every 5 events make it likely to land inside a big write.
        for (round, wanted) in [150, 700, 1500].enumerated() {
            let name = "k9-\(round)"
            let acknowledged = try await runAndKill(path: path, worker: name, after: wanted)
            #expect(acknowledged >= wanted)

            let store = try Store(path: path)
            #expect(try store.checkIntegrity() == [])
            let integrity = try await rawQueue(path).read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            #expect(integrity == ["ok"])
            for (worker, acknowledged) in earlier + [(name, acknowledged)] {
                let seqs = try store.events(limit: 1_000_000, namespace: "worker-\(worker)")
                    .compactMap { $0.metadata?["seq"].flatMap { Int($0) } }
                #expect(Array(seqs.prefix(acknowledged)) == Array(1...acknowledged), "every acknowledged event of \(worker) is there, once, in order")
                #expect(seqs.count <= acknowledged + 1, "at most the one unacknowledged commit of \(worker) follows")
                let artifact = try #require(try store.latestArtifact(kind: "Bucket", namespace: "worker-\(worker)", name: "loop"))
                #expect(Int(artifact.revision)! >= acknowledged / 5 * 5)
                let content = try store.artifactContent(artifact)
                #expect(content.starts(with: Array("sluice-artifact worker=\(worker) seq=\(artifact.revision)\n".utf8)))
            }
            earlier.append((name, acknowledged))
        }
    }

    /// Starts a `loop` worker, reads its acknowledgements until `wanted`, kills it with SIGKILL, and returns
    /// the highest sequence number it acknowledged, counting lines written before the kill landed.
    private func runAndKill(path: String, worker name: String, after wanted: Int) async throws -> Int {
        let worker = try WorkerProcess([
            "loop", "--store", path, "--worker", name, "--artifact-every", "5", "--size", "65536",
        ])
        // If the worker hangs, kill it so that the read below ends.
        let watchdog = DispatchWorkItem { kill(worker.process.processIdentifier, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
        // Blocking reads, on a Dispatch thread rather than one of the two every parallel test shares.
        let output: Data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var output = Data()
                let reader = worker.stdout.fileHandleForReading
                while Self.lastAcknowledged(output) < wanted {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    output.append(chunk)
                }
                kill(worker.process.processIdentifier, SIGKILL)
                output.append(reader.readDataToEndOfFile())
                continuation.resume(returning: output)
            }
        }
        let result = await worker.finish()
        watchdog.cancel()
        #expect(worker.process.terminationReason == .uncaughtSignal, "worker \(name) exited by itself: \(result.stderr)")
        #expect(result.status == SIGKILL)
        return Self.lastAcknowledged(output)
    }

    /// The highest n of complete `committed n` lines.
    private static func lastAcknowledged(_ output: Data) -> Int {
        let text = String(decoding: output, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true)
            .dropLast(text.hasSuffix("\n") ? 0 : 1)
            .compactMap { line in line.hasPrefix("committed ") ? Int(line.dropFirst(10)) : nil }
            .max() ?? 0
    }

    @Test("store-worker fails with a message on a foreign file")
    func workerReportsErrors() async throws {
        let path = directory.path()
        try Data("not a database at all".utf8).write(to: URL(fileURLWithPath: path))
        let result = try await WorkerProcess(["events", "--store", path, "--count", "1"]).finish()
        #expect(result.status != 0)
        #expect(result.stderr.contains("is not a usable Sluice store"))
    }

    @Test("processes starting at once on a new store all open it, round after round (the switch to WAL is retried when busy)")
    func simultaneousOpeners() async throws {
        for round in 1...4 {
            let path = directory.path("round-\(round)/store.db")
            let start = Date().timeIntervalSince1970 + 0.3
            let processes = try (1...6).map { worker in
                try WorkerProcess(["mixed", "--store", path, "--worker", String(worker), "--events", "1", "--artifacts", "0",
                                   "--names", "1", "--size", "1", "--start-at", String(start)])
            }
            for (index, process) in processes.enumerated() {
                let result = await process.finish()
                #expect(result.status == 0, "round \(round), worker \(index + 1): \(result.stderr)")
            }
            #expect(try Store(path: path).events().count == 6)
        }
    }
}
