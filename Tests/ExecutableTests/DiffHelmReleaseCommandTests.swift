import Foundation
import SluiceTestSupport
import Testing

/// `sluice diff helmrelease` against the real `sluice` and `sluice cluster serve`: a HelmRelease that cannot be
/// previewed is an error (exit 2) naming it on stderr, never an empty report that would read as "no changes".
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil,
                "needs the built sluice, source-controller and kubectl"))
struct DiffHelmReleaseCommandTests {
    @Test func aHelmReleaseThatCannotBePreviewedExitsWithTwo() async throws {
        let bed = try await ControllerProcessBed.start("diff-helmrelease")
        defer { bed.stop() }
        let absent = try await ChildProcess.run("sluice", ["diff", "helmrelease", "absent", "-n", "default"] + bed.common)
        #expect(absent.status == 2, "\(absent.stdout)\(absent.stderr)")
        #expect(absent.stderr.contains("HelmRelease default/absent not found"), "\(absent.stderr)")
        #expect(absent.stdout.isEmpty)

        // The chart's source does not exist: the chart step fails, and the diff says so. (The store is the one a
        // controller makes on start.)
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { source.signal(SIGKILL) }
        try await eventually(timeout: .seconds(120)) { FileManager.default.fileExists(atPath: bed.directory.appendingPathComponent("store.db").path) }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: podinfo
              namespace: default
            spec:
              interval: 10m
              chart:
                spec:
                  chart: podinfo
                  sourceRef:
                    kind: HelmRepository
                    name: missing
            """)
        let failed = try await ChildProcess.run("sluice", ["diff", "hr", "podinfo", "-n", "default"] + bed.common)
        #expect(failed.status == 2, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stderr.contains("HelmRelease default/podinfo: "), "\(failed.stderr)")
        #expect(failed.stdout.isEmpty)
    }
}
