import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// A large chart repository: a 20 MB index with 15,000 chart versions, fetched, loaded and stored.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct HelmLargeIndexTests {
    @Test func aTwentyMegabyteIndexWithFifteenThousandVersionsLoads() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = bed.directory.appendingPathComponent("large")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let description = String(repeating: "A chart version with a long description to weigh the index as real ones do. ", count: 16)
        var text = "apiVersion: v1\nentries:\n"
        for chart in 0..<30 {
            text += "  chart-\(chart):\n"
            for version in 0..<500 {
                text += """
                      - apiVersion: v2
                        name: chart-\(chart)
                        version: \(version / 100).\(version % 100).\(chart)
                        description: "\(description)"
                        created: '2025-01-01T00:00:00Z'
                        digest: \(String(repeating: "ab", count: 32))
                        urls:
                        - https://charts.example.com/chart-\(chart)-\(version / 100).\(version % 100).\(chart).tgz

                    """
            }
        }
        text += "generated: '2025-01-01T00:00:00Z'\n"
        #expect(text.utf8.count > 20_000_000)
        try Data(text.utf8).write(to: root.appendingPathComponent("index.yaml"))
        let server = try await ChartRepositoryServer.start(root: root, gzipIndex: true)
        defer { server.stop() }
        try await bed.applyHelmRepository("large", url: server.url())
        let outcome = await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "large"))
        #expect(outcome.isReady, "\(outcome.report)")
        let repository = try await bed.object(HelmRepository.self, "large")
        let stored = try bed.store.artifactContent(digest: try #require(repository.status?.artifact?.digest))
        let index = try HelmIndex(bytes: stored)
        #expect(index.entries.count == 30)
        #expect(index.entries.values.map(\.count).reduce(0, +) == 15_000)
        #expect(try index.chartVersion("chart-7", range: "~2.5").version == "2.5.7")
        #expect(index.entries["chart-3"]?.first?.version == "4.99.3", "newest first, as Helm's SortEntries")
    }
}
