import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// HelmCharts from a GitRepository's artifact: a real `git daemon`, the GitRepository reconciler, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct HelmChartFromGitTests {
    static let appChart = """
        apiVersion: v2
        name: app
        version: 0.1.0
        dependencies:
        - name: common
          version: ^1.0.0
          repository: file://../common

        """

    @Test func aChartPathWithAFileDependencyIsPackagedDeterministically() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        let sha = try await fixture.commit([
            "charts/app/Chart.yaml": .file(Self.appChart),
            "charts/app/values.yaml": .file("replicas: 1\n"),
            "charts/app/templates/configmap.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"),
            "charts/common/Chart.yaml": .file("apiVersion: v2\nname: common\nversion: 1.2.0\ntype: library\n"),
            "charts/common/templates/_helpers.tpl": .file("{{- define \"common.name\" -}}common{{- end -}}\n"),
            "charts/escape/Chart.yaml": .file("apiVersion: v2\nname: escape\nversion: 0.1.0\ndependencies:\n- name: host\n  repository: file://../../../../etc\n"),
            "values/prod.yaml": .file("replicas: 5\n"),
        ], message: "charts")
        try await fixture.push()
        try await bed.applyGitRepository("repo", url: daemon.url(fixture.repositoryName))
        #expect(await bed.controller().reconcile(ObjectKey(namespace: "default", name: "repo")).isReady)
        let charts = bed.helmChartController()

        var digests: [String] = []
        for name in ["app", "app-copy"] {
            try await bed.applyHelmChart(name, chart: "charts/app", repository: "repo", kind: "GitRepository")
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(outcome.isReady, "\(outcome.report)")
            let chart = try await bed.object(HelmChart.self, name)
            let artifact = try #require(chart.status?.artifact)
            #expect(artifact.revision == "0.1.0")
            #expect(artifact.path == "helmchart/default/\(name)/app-0.1.0.tgz")
            #expect(chart.status?.observedSourceArtifactRevision == "main@sha1:\(sha)")
            let ready = try #require(chart.conditions.first { $0.type == ConditionType.ready })
            #expect(ready.reason == "ChartPackageSucceeded")
            #expect(ready.message == "packaged 'app' chart with version '0.1.0'")
            digests.append(try #require(artifact.digest))
        }
        #expect(digests[0] == digests[1], "the same chart directory gives the same package")
        #expect(try await bed.packageFiles(digest: digests[0]).sorted() == [
            "app/Chart.yaml", "app/charts/common/Chart.yaml", "app/charts/common/templates/_helpers.tpl",
            "app/templates/configmap.yaml", "app/values.yaml",
        ])
        #expect(try bed.events(kind: "HelmChart", "app").contains { $0.reason == "ResolvedDependencies" && $0.message == "resolved 1 chart dependencies" })

        try await bed.applyHelmChart("app-rev", chart: "charts/app", repository: "repo", kind: "GitRepository",
                                     extra: "  reconcileStrategy: Revision\n  valuesFiles:\n  - values/prod.yaml\n")
        let revision = await charts.reconcile(ObjectKey(namespace: "default", name: "app-rev"))
        #expect(revision.isReady, "\(revision.report)")
        let revisioned = try await bed.object(HelmChart.self, "app-rev")
        let version = "0.1.0+\(sha.prefix(12)).1"
        #expect(revisioned.status?.artifact?.revision == version)
        let digest = try #require(revisioned.status?.artifact?.digest)
        #expect(try await bed.packageFile(digest: digest, "app/values.yaml") == "replicas: 5\n")
        #expect(try await bed.packageFile(digest: digest, "app/Chart.yaml").contains("version: \(version)"))

        try await bed.applyHelmChart("escape", chart: "charts/escape", repository: "repo", kind: "GitRepository")
        let escape = await charts.reconcile(ObjectKey(namespace: "default", name: "escape"))
        #expect(escape.failure?.reason == "DependencyBuildError", "\(escape.report)")
        #expect(escape.failure?.message.contains("leads out of the artifact") == true, "\(escape.report)")

        try await bed.applyHelmChart("outside", chart: "../charts/app", repository: "repo", kind: "GitRepository")
        let outside = await charts.reconcile(ObjectKey(namespace: "default", name: "outside"))
        #expect(outside.failure?.reason == "InvalidChartReference", "\(outside.report)")
        if case .stalling? = outside.failure {} else { Issue.record("a chart path out of the artifact stalls: \(outside.report)") }
    }

    @Test func anHTTPDependencyComesThroughTheMatchingHelmRepositoryWithItsCredentials() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let charts = bed.directory.appendingPathComponent("charts")
        try await bed.writeChart("lib", version: "2.1.0", into: charts)
        try await bed.writeChart("lib", version: "3.0.0", into: charts)
        try bed.writeIndex([("lib", "2.1.0", "lib-2.1.0.tgz"), ("lib", "3.0.0", "lib-3.0.0.tgz")], into: charts)
        let server = try await ChartRepositoryServer.start(root: charts, basicAuth: (username: "flux", password: "dependency-secret"))
        defer { server.stop() }
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=dependency-secret"])
        try await bed.applyHelmRepository("libs", url: server.url(), extra: "  secretRef:\n    name: creds\n")
        #expect(await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "libs")).isReady)

        let fixture = try await bed.gitFixture()
        let daemon = try await bed.daemon(serving: fixture)
        try await fixture.commit([
            "app/Chart.yaml": .file("apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n- name: lib\n  version: ^2.0\n  repository: \(server.url())\n"),
            "app/templates/configmap.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n"),
        ], message: "app")
        try await fixture.push()
        try await bed.applyGitRepository("repo", url: daemon.url(fixture.repositoryName))
        #expect(await bed.controller().reconcile(ObjectKey(namespace: "default", name: "repo")).isReady)
        try await bed.applyHelmChart("app", chart: "app", repository: "repo", kind: "GitRepository")
        server.clearRequests()
        let outcome = await bed.helmChartController().reconcile(ObjectKey(namespace: "default", name: "app"))
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(server.requests == ["GET /lib-2.1.0.tgz 200 auth"], "the index comes from the HelmRepository's artifact")
        let digest = try #require(try await bed.object(HelmChart.self, "app").status?.artifact?.digest)
        #expect(try await bed.packageFile(digest: digest, "app/charts/lib/Chart.yaml").contains("version: 2.1.0"))
    }
}
