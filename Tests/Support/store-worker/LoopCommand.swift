import ArgumentParser
import Foundation
import SluiceStore

/// `store-worker loop`: writes until killed, acknowledging every commit on stdout.
struct LoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loop",
        abstract: "Append events forever, printing \"committed <seq>\" after each commit.",
        discussion: """
            Event <seq> (from 1) is tagged like the events subcommand's. Every --artifact-every commits an \
            artifact Bucket worker-<worker>/loop with revision <seq> is put first. The line is written with \
            one unbuffered write after the commits, so every acknowledged number is durable.
            """)

    @OptionGroup var options: WorkerOptions

    @Option(help: "Put an artifact every this many events (0: never).")
    var artifactEvery: Int = 10

    @Option(help: "Bytes per artifact.")
    var size: Int = 16384

    @Option(help: "Stop after this many events (default: never).")
    var count: Int?

    func run() throws {
        let store = try options.open()
        let worker = options.worker
        let filler = Payload.filler(count: size)
        var seq = 0
        while count.map({ seq < $0 }) ?? true {
            seq += 1
            if artifactEvery > 0, seq % artifactEvery == 0 {
                try store.putArtifact(
                    kind: "Bucket", namespace: "worker-\(worker)", name: "loop", revision: String(seq),
                    content: Payload.content(worker: worker, seq: seq, size: size, filler: filler))
            }
            try store.appendEvent(Payload.event(worker: worker, seq: seq))
            FileHandle.standardOutput.write(Data("committed \(seq)\n".utf8))
        }
    }
}
