import Foundation
import SluiceTestSupport

/// `sluice-bench up`: how long `sluice up --once` takes on the bundled example — cold (a new data directory: the
/// example becomes a Git repository, the cluster database and store are created) and warm (the same directory again).
enum UpBenchmark {
    static let usage = """
        usage: sluice-bench up [--runs 5]

          --runs N  warm runs after the one cold run (default 5)

        Each run is the real `sluice up --once`: the API server, the CRDs, the four controller processes, the example
        applied and Ready, then everything stopped. Wall time per run, and the time to Ready `sluice up` reports.
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["runs"])
        let runs = try options.int("runs", default: 5)
        let data = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-up-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        print("sluice up --once on Deploy/examples/hello (4 objects), \(runs) warm runs")
        var warm: [(wall: Double, ready: Double)] = []
        for index in 0...runs {
            let started = ContinuousClock.now
            let result = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                                 ["up", "--once", "--data", data.path, "--receiver-addr", "127.0.0.1:0"])
            let wall = seconds(ContinuousClock.now - started)
            guard result.status == 0 else {
                throw BenchError("sluice up --once failed (\(result.status)):\n\(result.stderr)")
            }
            let ready = readyTime(in: result.stderr) ?? .nan
            if index == 0 {
                print(String(format: "  cold: %6.2f s wall, %6.2f s to Ready", wall, ready))
            } else {
                warm.append((wall, ready))
            }
        }
        let walls = warm.map(\.wall).sorted()
        let readies = warm.map(\.ready).sorted()
        print(String(format: "  warm: %6.2f s wall, %6.2f s to Ready (median of %d; fastest %.2f s, slowest %.2f s wall)",
                     walls[walls.count / 2], readies[readies.count / 2], warm.count, walls.first ?? 0, walls.last ?? 0))
        print("  (no reference: Flux has no local equivalent; `flux bootstrap` needs a cluster and a Git host)")
    }

    /// The seconds in `✔ all N objects are ready (1.9s)`.
    static func readyTime(in text: String) -> Double? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("objects are ready (") }),
              let open = line.lastIndex(of: "("), let close = line.lastIndex(of: "s")
        else { return nil }
        return Double(line[line.index(after: open)..<close])
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
