import Foundation
import SluiceStore

/// `sluice-bench store`: event and artifact throughput of the shared store, one writer process against several.
///
/// Every figure comes from `store-worker` child processes (built next to `sluice-bench`), so the single-process
/// and multi-process columns run the same code and differ only in how many processes contend for the file.
/// Workers open the store first and then wait for a common start time, so process start-up is not measured;
/// a scenario's total rate is its work divided by the span from the first start to the last finish.
enum StoreBenchmark {
    static let usage = """
        usage: sluice-bench store [--store PATH] [--writers 4] [--events 20000] [--artifacts 50] [--artifact-size 1048576] [--batch 1]

          --store PATH          the store file to use (kept); default: a temporary file, removed afterwards
          --writers N           writer processes in the concurrent scenario (default 4)
          --events N            events appended per scenario, split between the writers (default 20000)
          --artifacts N         artifacts put and read per scenario, split between the writers (default 50)
          --artifact-size BYTES bytes per artifact (default 1048576, 1 MiB)
          --batch N             events per transaction (default 1)
        """

    /// Parses `arguments` and runs the benchmark, printing a table.
    @Sendable
    static func run(_ arguments: [String]) throws {
        let options = try BenchArguments(arguments, known: ["store", "writers", "events", "artifacts", "artifact-size", "batch"])
        let writers = try options.int("writers", default: 4)
        let events = try options.int("events", default: 20_000, minimum: 0)
        let artifacts = try options.int("artifacts", default: 50, minimum: 0)
        let size = try options.int("artifact-size", default: 1 << 20, minimum: 0)
        let batch = try options.int("batch", default: 1)
        let worker = try workerURL()

        var temporary: URL?
        let path: String
        if let given = options.string("store") {
            path = given
        } else {
            let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-\(UUID().uuidString)")
            temporary = directory
            path = directory.appending(component: "store.db").path
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        // Create and migrate the store up front, so that no scenario pays for it.
        _ = try Store(path: path)

        print("Sluice store benchmark")
        print("  store     \(path)\(temporary == nil ? "" : " (temporary)")")
        print("  workload  \(events) events (\(batch) per transaction), \(artifacts) artifacts of \(formatBytes(size)), put then read back with digest check")
        #if DEBUG
        print("  build     debug — build with `swift build -c release` for representative figures")
        #else
        print("  build     release")
        #endif
        print("")

        var scenarios: [Scenario] = []
        for (label, count) in [("1 process", 1), ("\(writers) process\(writers == 1 ? "" : "es")", writers)] {
            let prefix = count == 1 ? "s" : "m"
            let ids = (1...count).map { "\(prefix)\($0)" }
            let shares = { (total: Int) in ids.indices.map { total / count + ($0 < total % count ? 1 : 0) } }
            let eventShares = shares(events), artifactShares = shares(artifacts)
            let eventReports = try runWorkers(worker, ids.indices.map { index in
                ["events", "--store", path, "--worker", ids[index], "--count", String(eventShares[index]), "--batch", String(batch)]
            })
            let artifactArguments = { (phase: String) in
                ids.indices.map { index in
                    ["artifacts", "--store", path, "--worker", ids[index], "--count", String(artifactShares[index]),
                     "--size", String(size), "--phase", phase]
                }
            }
            let putReports = try runWorkers(worker, artifactArguments("put"))
            let getReports = try runWorkers(worker, artifactArguments("get"))
            scenarios.append(Scenario(label: label, events: eventReports, puts: putReports, gets: getReports))
        }

        var table = Table(header: ["", scenarios[0].label, scenarios[1].label])
        table.add("events appended/s, total", scenarios.map { formatRate($0.events.totalRate) })
        table.add("events appended/s, per writer", scenarios.map { formatSpread($0.events.perWriterRates) })
        table.add("artifact put, MiB/s", scenarios.map { formatRate($0.puts.totalBytesRate / 1_048_576, decimals: 1) })
        table.add("artifact put, ops/s", scenarios.map { formatRate($0.puts.totalRate, decimals: 1) })
        table.add("artifact get, MiB/s", scenarios.map { formatRate($0.gets.totalBytesRate / 1_048_576, decimals: 1) })
        table.add("artifact get, ops/s", scenarios.map { formatRate($0.gets.totalRate, decimals: 1) })
        print(table.render())
        print("")

        let concurrent = scenarios[1]
        var perWriter = Table(header: ["writer (\(concurrent.label))", "events/s", "put MiB/s", "get MiB/s"])
        for report in concurrent.events.reports {
            let put = concurrent.puts.reports.first { $0.worker == report.worker }
            let get = concurrent.gets.reports.first { $0.worker == report.worker }
            perWriter.add(report.worker, [
                formatRate(report.rate),
                put.map { formatRate($0.bytesRate / 1_048_576, decimals: 1) } ?? "-",
                get.map { formatRate($0.bytesRate / 1_048_576, decimals: 1) } ?? "-",
            ])
        }
        print(perWriter.render())
        print("")
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let fileSize = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        print("  store file after the run: \(formatBytes(fileSize))")
    }

    /// The `store-worker` executable next to this one.
    static func workerURL() throws -> URL {
        let here = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let worker = here.deletingLastPathComponent().appending(component: "store-worker")
        guard FileManager.default.isExecutableFile(atPath: worker.path) else {
            throw BenchError("store-worker not found at \(worker.path); build it with `swift build --product store-worker` (same configuration)")
        }
        return worker
    }

    /// Runs one worker per argument list, starting together, and returns their reports.
    static func runWorkers(_ executable: URL, _ argumentLists: [[String]]) throws -> Phase {
        // Time for every worker to start and open the store before the common start.
        let start = Date().timeIntervalSince1970 + 1.0 + 0.1 * Double(argumentLists.count)
        var running: [(process: Process, stdout: Pipe, stderr: Pipe)] = []
        for arguments in argumentLists {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments + ["--start-at", String(start)]
            let stdout = Pipe(), stderr = Pipe()
            process.standardOutput = stdout
            process.standardError = stderr
            try process.run()
            running.append((process, stdout, stderr))
        }
        var reports: [WorkerReport] = []
        var failures: [String] = []
        for (process, stdout, stderr) in running {
            let output = stdout.fileHandleForReading.readDataToEndOfFile()
            let errors = stderr.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                failures.append("store-worker \(process.arguments?.joined(separator: " ") ?? ""): \(String(decoding: errors, as: UTF8.self))")
                continue
            }
            for line in output.split(separator: UInt8(ascii: "\n")) {
                reports.append(try JSONDecoder().decode(WorkerReport.self, from: Data(line)))
            }
        }
        guard failures.isEmpty else { throw BenchError(failures.joined(separator: "\n")) }
        return Phase(reports: reports)
    }

    static func formatRate(_ value: Double, decimals: Int = 0) -> String {
        guard value.isFinite else { return "-" }
        if decimals > 0 { return String(format: "%.\(decimals)f", value) }
        let digits = String(Int(value.rounded()))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return grouped
    }

    static func formatSpread(_ values: [Double]) -> String {
        guard let low = values.min(), let high = values.max() else { return "-" }
        let mean = values.reduce(0, +) / Double(values.count)
        if values.count == 1 { return formatRate(mean) }
        return "\(formatRate(mean)) (\(formatRate(low))–\(formatRate(high)))"
    }

    static func formatBytes(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return "\(bytes) B"
    }
}

/// A failure that stops the benchmark.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The report `store-worker` prints per phase (mirrors its `WorkerReport`).
struct WorkerReport: Decodable {
    var op: String
    var worker: String
    var count: Int
    var bytes: Int64
    var start: Double
    var end: Double

    var seconds: Double { max(end - start, 1e-9) }
    var rate: Double { Double(count) / seconds }
    var bytesRate: Double { Double(bytes) / seconds }
}

/// The reports of the workers of one phase.
struct Phase {
    var reports: [WorkerReport]

    /// From the first worker's start to the last one's end.
    var span: Double {
        max((reports.map(\.end).max() ?? 0) - (reports.map(\.start).min() ?? 0), 1e-9)
    }
    var totalRate: Double { Double(reports.map(\.count).reduce(0, +)) / span }
    var totalBytesRate: Double { Double(reports.map(\.bytes).reduce(0, +)) / span }
    var perWriterRates: [Double] { reports.map(\.rate) }
}

/// The phases of one scenario.
struct Scenario {
    var label: String
    var events: Phase
    var puts: Phase
    var gets: Phase
}

/// A plain-text table: first column left-aligned, the others right-aligned.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    init(header: [String]) { self.header = header }

    mutating func add(_ label: String, _ cells: [String]) { rows.append([label] + cells) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "   ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "   ")
        return ([line(header), rule] + rows.map(line)).map { "  " + $0 }.joined(separator: "\n")
    }
}
