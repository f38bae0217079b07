import ArgumentParser
import Foundation
import SluiceCore
import SluiceRuntime

/// `sluice stats`: per kind, how many objects are ready, failing and suspended; and the store's size.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Count objects per kind (ready, failing, suspended) and show the store's size.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let client = try global.client()
        let namespace = global.listNamespace(for: client)
        var lines = [["KIND", "TOTAL", "READY", "FAILING", "SUSPENDED"]]
        for kind in FluxKind.allCases {
            let objects = try await global.objects(kind, namespace: namespace, client: client)
            let readiness = objects.map { ReconcileWaiter.readyCondition(of: $0)?["status"]?.stringValue }
            lines.append([kind.gvk.kind, "\(objects.count)", "\(readiness.filter { $0 == "True" }.count)",
                          "\(readiness.filter { $0 == "False" }.count)",
                          "\(objects.filter { $0["spec", "suspend"]?.boolValue == true }.count)"])
        }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        for cells in lines {
            Terminal.out(cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined())
        }
        let path = global.cluster.storePath
        if FileManager.default.fileExists(atPath: path) {
            let bytes = ["", "-wal", "-shm"].reduce(Int64(0)) { total, suffix in
                let size = (try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size] as? NSNumber)?.int64Value ?? 0
                return total + size
            }
            Terminal.out("\nstore: \(path) \(ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)) (\(bytes) bytes)")
        } else {
            Terminal.out("\nstore: \(path) (not found; pass --store)")
        }
    }
}
