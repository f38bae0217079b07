import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// The real `source-controller` executable reconciling a HelmRepository and a HelmChart from a real HTTP chart
/// repository (podinfo's packaged chart from `../shared`), with its debugging commands.
@Suite(.enabled(if: BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct SourceControllerHelmProcessTests {
    static var sharedHelmRepository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/helm-repo").standardized
    }

    @Test func sourceControllerServesHelmRepositoriesAndChartsEndToEnd() async throws {
        let bed = try await ControllerProcessBed.start("source-helm")
        defer { bed.stop() }
        let root = bed.directory.appendingPathComponent("charts")
        try FileManager.default.copyItem(at: Self.sharedHelmRepository, to: root)
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { controller.signal(SIGKILL) }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: podinfo
              namespace: default
            spec:
              interval: 10m
              url: \(server.url())
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmChart
            metadata:
              name: podinfo
              namespace: default
            spec:
              interval: 10m
              chart: podinfo
              version: '6.x'
              sourceRef:
                kind: HelmRepository
                name: podinfo
            """)
        try await eventually(timeout: .seconds(90)) { try await bed.field("helmchart", "podinfo", ".status.artifact.revision") == "6.14.1" }
        await #expect(try bed.field("helmrepository", "podinfo", ".status.conditions[?(@.type==\"Ready\")].status") == "True")

        // Both artifacts are served at their status URLs.
        for kind in ["helmrepository", "helmchart"] {
            let url = try await #require(URL(string: try bed.field(kind, "podinfo", ".status.artifact.url")))
            let (body, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(url)")
            await #expect(body.count == Int(try bed.field(kind, "podinfo", ".status.artifact.size")))
        }

        // A new version in the index: reconciling the repository is enough, the chart follows its source at once.
        let index = root.appendingPathComponent("index.yaml")
        var text = try String(contentsOf: index, encoding: .utf8)
        text = text.replacingOccurrences(of: "  podinfo:\n", with: "  podinfo:\n  - apiVersion: v2\n    name: podinfo\n    version: 6.15.0\n    urls:\n    - podinfo-6.14.1.tgz\n")
        try Data(text.utf8).write(to: index)
        try await bed.kubectl(["annotate", "--overwrite", "helmrepository", "podinfo", "reconcile.fluxcd.io/requestedAt=now-1"])
        try await eventually(timeout: .seconds(90)) { try await bed.field("helmchart", "podinfo", ".status.artifact.revision") == "6.15.0" }

        let common = bed.common
        let listed = try await ChildProcess.run("source-controller", ["get", "helmcharts", "-A"] + common)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("pulled 'podinfo' chart with version '6.15.0'"), "\(listed.stdout)")
        let once = try await ChildProcess.run("source-controller", ["reconcile", "helmrepository", "default/podinfo", "--log-level", "error"] + common)
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(once.stdout.contains("Ready=True Succeeded: stored artifact: revision 'sha256:"), "\(once.stdout)")
        let exported = bed.directory.appendingPathComponent("podinfo.tgz").path
        let export = try await ChildProcess.run("source-controller", ["artifact", "export", "helmchart", "default/podinfo", "-o", exported] + common)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(FileManager.default.contents(atPath: exported) == FileManager.default.contents(atPath: root.appendingPathComponent("podinfo-6.14.1.tgz").path))

        controller.signal(SIGTERM)
        #expect(try await controller.wait(timeout: .seconds(20)) == 0, "\(controller.stderr)")
    }
}
