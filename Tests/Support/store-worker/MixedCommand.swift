import ArgumentParser
import Foundation
import SluiceStore

/// `store-worker mixed`: appends events and puts artifacts interleaved, as a controller does.
struct MixedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixed",
        abstract: "Append EVENTS events and put ARTIFACTS artifacts, interleaved; tagged as by events and artifacts.")

    @OptionGroup var options: WorkerOptions

    @Option(help: "How many events to append.")
    var events: Int

    @Option(help: "How many artifacts to put.")
    var artifacts: Int

    @Option(help: "Bytes per artifact.")
    var size: Int = 4096

    @Option(help: "How many distinct artifact names to cycle through (default: ARTIFACTS).")
    var names: Int?

    func validate() throws {
        guard events >= 0, artifacts >= 0, size >= 0 else { throw ValidationError("counts and size must not be negative") }
        if let names, names < 1 { throw ValidationError("--names must be at least 1") }
    }

    func run() throws {
        let store = try options.open()
        let worker = options.worker
        let names = max(1, min(self.names ?? artifacts, artifacts))
        let filler = Payload.filler(count: min(size, 1 << 20))
        options.waitForStart()
        let start = Date().timeIntervalSince1970
        let steps = max(events, artifacts)
        var artifactSeq = 0
        for step in 0..<steps {
            if step < events {
                try store.appendEvent(Payload.event(worker: worker, seq: step))
            }
            // Spread the artifacts evenly over the events.
            while artifactSeq < artifacts, artifactSeq * steps <= step * artifacts {
                try store.putArtifact(
                    kind: "Bucket", namespace: "worker-\(worker)", name: "w\(worker)-\(artifactSeq % names)",
                    revision: "w\(worker)-\(artifactSeq)",
                    content: Payload.content(worker: worker, seq: artifactSeq, size: size, filler: filler))
                artifactSeq += 1
            }
        }
        let end = Date().timeIntervalSince1970
        try WorkerReport(
            op: "mixed", worker: worker, count: events + artifacts, bytes: Int64(artifacts) * Int64(size),
            start: start, end: end
        ).print()
    }
}
