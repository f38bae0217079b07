import ArgumentParser
import Foundation
import SluiceStore

/// `store-worker events`: appends numbered events.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Append COUNT events tagged with the worker id and their sequence number (0..<COUNT).")

    @OptionGroup var options: WorkerOptions

    @Option(help: "How many events to append.")
    var count: Int

    @Option(help: "Events per transaction.")
    var batch: Int = 1

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    func run() throws {
        let store = try options.open()
        options.waitForStart()
        let start = Date().timeIntervalSince1970
        var seq = 0
        while seq < count {
            let events = (seq..<min(seq + batch, count)).map { Payload.event(worker: options.worker, seq: $0) }
            try store.appendEvents(events)
            seq += events.count
        }
        let end = Date().timeIntervalSince1970
        try WorkerReport(op: "events", worker: options.worker, count: count, bytes: 0, start: start, end: end).print()
    }
}
