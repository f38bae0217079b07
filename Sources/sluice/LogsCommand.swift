import ArgumentParser
import Foundation
import SluiceCore

/// `sluice logs`: the controllers' JSON logs, filtered and formatted as `flux logs` prints them, read from
/// `sluice up`'s data directory (`DIR/logs/*-controller.log`).
///
/// The embedded API server runs no pods, so it has no pod logs to serve; for controllers running as pods in a real
/// cluster, `kubectl logs -n flux-system deploy/source-controller` shows the same lines.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Display formatted logs for Flux components.",
        discussion: "Reads the controllers' logs in sluice up's data directory (--data). Only lines about objects in the namespace (-n, default flux-system) are shown, unless -A.")

    /// The controllers whose logs are read, in this order.
    static let controllers = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("data"), help: "sluice up's data directory.") var data = ".sluice"
    @Option(name: .customLong("level"), help: "Log level (debug|info|error).") var level = ""
    @Option(name: .customLong("kind"), help: "Displays errors of a particular toolkit kind e.g GitRepository.") var kind = ""
    @Option(name: .customLong("name"), help: "Specifies the name of the object logs to be displayed.") var name = ""
    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Specifies if the logs should be streamed.") var follow = false
    @Option(name: .customLong("tail"), help: "Lines of recent log file to display (per controller).") var tail = -1
    @Option(name: .customLong("flux-namespace"), help: "The namespace where the Flux components are running (pods; unused with --data).") var fluxNamespace = "flux-system"
    @Option(name: .customLong("since"), help: "Only return logs newer than a relative duration like 5s, 2m, or 3h.") var since = ""
    @Option(name: .customLong("since-time"), help: "Only return logs after a specific date (RFC3339).") var sinceTime = ""

    func validate() throws {
        if !level.isEmpty, !["debug", "info", "error"].contains(level) {
            throw ValidationError("unsupported log level '\(level)', must be one of: debug, info, error")
        }
        if !since.isEmpty && GoDuration(since) == nil {
            throw ValidationError("invalid argument \"\(since)\" for \"--since\" flag: time: invalid duration \"\(since)\"")
        }
        if !since.isEmpty && !sinceTime.isEmpty {
            throw ValidationError("at most one of `sinceTime` or `sinceDuration` may be specified")
        }
        if !sinceTime.isEmpty && Self.parseTime(sinceTime) == nil {
            throw ValidationError("\(sinceTime) is not a valid (RFC3339) time")
        }
    }

    func run() async throws {
        let directory = URL(fileURLWithPath: data, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.appendingPathComponent("logs")
        let files = Self.controllers.map { directory.appendingPathComponent("\($0).log") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        guard !files.isEmpty else {
            throw CLIError("no controller logs in \(directory.path)",
                           hint: "sluice logs reads the data directory of sluice up (--data DIR); the embedded API server serves no pod logs — for controllers running as pods use: kubectl logs -n \(fluxNamespace) deploy/source-controller")
        }
        let filter = LogFilter(level: level, kind: kind, name: name,
                               namespace: global.allNamespaces ? nil : global.namespaceWithoutCluster(), notBefore: notBefore())
        var readers = files.map { LogFileReader(url: $0) }
        var entries: [ControllerLogEntry] = []
        for index in readers.indices {
            var lines = readers[index].readNewLines()
            if tail >= 0 { lines = Array(lines.suffix(tail)) }
            entries += lines.compactMap(ControllerLogEntry.init(line:)).filter(filter.matches)
        }
        // One story across the controllers: by time (the same format everywhere, so text order is time order).
        for entry in entries.enumerated().sorted(by: { ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset) }) {
            Terminal.out(entry.element.formatted)
        }
        guard follow else { return }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(250))
            for index in readers.indices {
                for entry in readers[index].readNewLines().compactMap(ControllerLogEntry.init(line:)) where filter.matches(entry) {
                    Terminal.out(entry.formatted)
                }
            }
        }
    }

    /// The earliest time `--since` or `--since-time` allows.
    func notBefore() -> Date? {
        if let duration = GoDuration(since), !since.isEmpty { return Date().addingTimeInterval(-duration.seconds) }
        return sinceTime.isEmpty ? nil : Self.parseTime(sinceTime)
    }

    static func parseTime(_ text: String) -> Date? {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
    }
}

/// Which log entries `sluice logs` shows, as `flux logs`' `filterPrintLog`.
struct LogFilter {
    var level: String
    var kind: String
    var name: String
    /// nil: every namespace (`-A`).
    var namespace: String?
    var notBefore: Date?

    func matches(_ entry: ControllerLogEntry) -> Bool {
        guard level.isEmpty || level == entry.level else { return false }
        guard kind.isEmpty || kind.lowercased() == entry.kind.lowercased() else { return false }
        guard name.isEmpty || name.lowercased() == entry.name.lowercased() else { return false }
        if let namespace, namespace.lowercased() != entry.namespace.lowercased() { return false }
        if let notBefore {
            guard let time = LogsCommand.parseTime(entry.timestamp), time >= notBefore else { return false }
        }
        return true
    }
}

/// Reads the lines appended to a log file since the last read, bounded: a line longer than 1 MiB is dropped, and a
/// file that shrank (rotated, or rewritten by a new `sluice up`) is read again from its start.
struct LogFileReader {
    let url: URL
    private var offset: UInt64 = 0
    private var partial = Data()
    static let maxLine = 1 << 20

    init(url: URL) { self.url = url }

    mutating func readNewLines() -> [String] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        if size < offset {
            offset = 0
            partial = Data()
        }
        guard (try? handle.seek(toOffset: offset)) != nil else { return [] }
        var lines: [String] = []
        while let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            offset += UInt64(chunk.count)
            partial.append(chunk)
            while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                let line = partial[partial.startIndex..<newline]
                if line.count <= Self.maxLine { lines.append(String(decoding: line, as: UTF8.self)) }
                partial = Data(partial[partial.index(after: newline)...])
            }
            if partial.count > Self.maxLine { partial = Data() }
        }
        return lines
    }
}
