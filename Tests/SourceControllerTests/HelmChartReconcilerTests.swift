import Foundation
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// The HelmChart reconciler against real parts: `sluice cluster serve`, a real HTTP chart repository
/// (`ChartRepositoryServer`), podinfo's packaged chart from `../shared` and charts packaged by GNU tar, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct HelmChartReconcilerTests {
    @Test func aSemverRangePicksTheHighestMatchAndANewVersionIsPickedUp() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        let repositories = bed.helmRepositoryController()
        let charts = bed.helmChartController()
        try await bed.applyHelmRepository("podinfo", url: server.url())
        #expect(await repositories.reconcile(ObjectKey(namespace: "default", name: "podinfo")).isReady)

        try await bed.applyHelmChart("latest", chart: "podinfo", repository: "podinfo")
        try await bed.applyHelmChart("older", chart: "podinfo", repository: "podinfo", version: "<6.14.0")
        for (name, version) in [("latest", "6.14.1"), ("older", "6.13.0")] {
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(outcome.isReady, "\(name): \(outcome.report)")
            let chart = try await bed.object(HelmChart.self, name)
            let artifact = try #require(chart.status?.artifact)
            #expect(artifact.revision == version)
            #expect(artifact.path == "helmchart/default/\(name)/podinfo-\(version).tgz")
            #expect(chart.status?.observedChartName == "podinfo")
            #expect(chart.status?.observedSourceArtifactRevision == (try await bed.object(HelmRepository.self, "podinfo")).status?.artifact?.revision)
            let ready = try #require(chart.conditions.first { $0.type == ConditionType.ready })
            #expect(ready.reason == "ChartPullSucceeded")
            #expect(ready.message == "pulled 'podinfo' chart with version '\(version)'")
            // Pulled as is: the stored package is the repository's file, byte for byte.
            let original = try Data(contentsOf: root.appendingPathComponent("podinfo-\(version).tgz"))
            #expect(Data(try bed.store.artifactContent(digest: try #require(artifact.digest))) == original)
            #expect(try bed.events(kind: "HelmChart", name).map(\.reason) == ["ChartPullSucceeded"])
        }
        #expect(server.requests.filter { $0.hasPrefix("GET /podinfo-") }.count == 2)

        // Unchanged: nothing downloaded again.
        server.clearRequests()
        #expect(await charts.reconcile(ObjectKey(namespace: "default", name: "latest")).isReady)
        #expect(server.requests.isEmpty, "the index comes from the store and the stored chart is kept: \(server.requests)")

        // A new version in the index is picked up once the repository is reconciled again.
        try await bed.writeChart("podinfo", version: "6.15.0", into: root)
        var text = try String(contentsOf: root.appendingPathComponent("index.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "  podinfo:\n", with: "  podinfo:\n  - apiVersion: v2\n    name: podinfo\n    version: 6.15.0\n    urls:\n    - podinfo-6.15.0.tgz\n")
        try Data(text.utf8).write(to: root.appendingPathComponent("index.yaml"))
        #expect(await repositories.reconcile(ObjectKey(namespace: "default", name: "podinfo")).isReady)
        let updated = await charts.reconcile(ObjectKey(namespace: "default", name: "latest"))
        #expect(updated.isReady, "\(updated.report)")
        #expect(try await bed.object(HelmChart.self, "latest").status?.artifact?.revision == "6.15.0")
        #expect(try await bed.object(HelmChart.self, "older").status?.artifact?.revision == "6.13.0")

        try await bed.applyHelmChart("none", chart: "podinfo", repository: "podinfo", version: ">=7.0.0")
        let none = await charts.reconcile(ObjectKey(namespace: "default", name: "none"))
        #expect(none.failure == .stalling(reason: "InvalidChartReference",
                                          message: "invalid chart reference: failed to get chart version for remote reference: no 'podinfo' chart with version matching '>=7.0.0' found"))
        try await bed.applyHelmChart("orphan", chart: "podinfo", repository: "nowhere")
        let orphan = await charts.reconcile(ObjectKey(namespace: "default", name: "orphan"))
        #expect(orphan.failure?.reason == "SourceUnavailable", "\(orphan.report)")
    }

    @Test func valuesFilesAreMergedAndTheSameInputsGiveTheSameDigest() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = bed.directory.appendingPathComponent("repo")
        try await bed.writeChart("app", version: "1.0.0", into: root, values: "replicas: 1\nimage:\n  repository: app\n  tag: stable\n",
                                 files: ["values-prod.yaml": "replicas: 3\nimage:\n  tag: v2\n"])
        try bed.writeIndex([("app", "1.0.0", "app-1.0.0.tgz")], into: root)
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        try await bed.applyHelmRepository("repo", url: server.url())
        #expect(await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "repo")).isReady)
        let charts = bed.helmChartController()
        let valuesFiles = "  valuesFiles:\n  - values.yaml\n  - values-prod.yaml\n"
        var digests: [String] = []
        for name in ["one", "two"] {
            try await bed.applyHelmChart(name, chart: "app", repository: "repo", extra: valuesFiles)
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(outcome.isReady, "\(outcome.report)")
            let chart = try await bed.object(HelmChart.self, name)
            let artifact = try #require(chart.status?.artifact)
            #expect(artifact.revision == "1.0.0+1", "values files add the generation as build metadata, as Flux")
            let ready = try #require(chart.conditions.first { $0.type == ConditionType.ready })
            #expect(ready.reason == "ChartPackageSucceeded")
            #expect(ready.message == "packaged 'app' chart with version '1.0.0+1' and merged values files [values.yaml values-prod.yaml]")
            digests.append(try #require(artifact.digest))
        }
        #expect(digests[0] == digests[1], "the same chart and values files give the same bytes")
        let values = try await bed.packageFile(digest: digests[0], "app/values.yaml")
        let merged = try YAMLReader().documents(values).first?.value
        #expect(merged == .object(["image": .object(["repository": "app", "tag": "v2"]), "replicas": 3]))
        #expect(try await bed.packageFile(digest: digests[0], "app/Chart.yaml").contains("version: 1.0.0+1"))
        #expect(try await bed.packageFiles(digest: digests[0]).sorted()
            == ["app/Chart.yaml", "app/templates/configmap.yaml", "app/values-prod.yaml", "app/values.yaml"])

        try await bed.applyHelmChart("missing", chart: "app", repository: "repo", extra: "  valuesFiles:\n  - values-absent.yaml\n")
        let missing = await charts.reconcile(ObjectKey(namespace: "default", name: "missing"))
        #expect(missing.failure == .stalling(reason: "ValuesFilesError",
                                             message: "values files merge error: failed to merge chart values: no values file found at path 'values-absent.yaml'"))
        try await bed.applyHelmChart("ignored", chart: "app", repository: "repo",
                                     extra: "  valuesFiles:\n  - values-prod.yaml\n  - values-absent.yaml\n  ignoreMissingValuesFiles: true\n")
        let ignored = await charts.reconcile(ObjectKey(namespace: "default", name: "ignored"))
        #expect(ignored.isReady, "\(ignored.report)")
        #expect(try await bed.object(HelmChart.self, "ignored").status?.observedValuesFiles == ["values-prod.yaml"])
    }

    @Test func hostilePackagesAreRefusedAndIndexDigestsAreNotChecked() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = bed.directory.appendingPathComponent("repo")
        try await bed.writeChart("good", version: "1.0.0", into: root)
        // A package whose entries climb out with `..`, written by our own tar writer.
        var tar = TarWriter()
        tar.appendFile("evil/Chart.yaml", contents: Array("apiVersion: v2\nname: evil\nversion: 1.0.0\n".utf8))
        tar.appendFile("evil/../../escaped.yaml", contents: Array("kind: Secret\n".utf8))
        tar.finish()
        try Data(Gzip.compress(tar.bytes)).write(to: root.appendingPathComponent("evil-1.0.0.tgz"))
        try Data("this is not a gzip file".utf8).write(to: root.appendingPathComponent("junk-1.0.0.tgz"))
        try bed.writeIndex([("good", "1.0.0", "good-1.0.0.tgz"), ("evil", "1.0.0", "evil-1.0.0.tgz"), ("junk", "1.0.0", "junk-1.0.0.tgz")],
                           into: root, digest: String(repeating: "f", count: 64))
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        try await bed.applyHelmRepository("repo", url: server.url())
        #expect(await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "repo")).isReady)
        let charts = bed.helmChartController()

        // Flux does not compare a package with the index's digest: a mismatching digest is not an error.
        try await bed.applyHelmChart("good", chart: "good", repository: "repo")
        let good = await charts.reconcile(ObjectKey(namespace: "default", name: "good"))
        #expect(good.isReady, "\(good.report)")

        for name in ["evil", "junk"] {
            try await bed.applyHelmChart(name, chart: name, repository: "repo")
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            let error = try #require(outcome.failure, "\(outcome.report)")
            #expect(error.reason == "ChartPullError", "\(name): \(error)")
            #expect(try await bed.object(HelmChart.self, name).status?.artifact == nil)
        }
        #expect(!FileManager.default.fileExists(atPath: bed.directory.appendingPathComponent("escaped.yaml").path))

        // A package over the size bound.
        let bounded = await bed.helmChartController(chartMaxSize: 64).reconcile(ObjectKey(namespace: "default", name: "good"))
        #expect(bounded.isReady, "the stored chart is kept without a download: \(bounded.report)")
        try await bed.applyHelmChart("big", chart: "good", repository: "repo")
        let big = await bed.helmChartController(chartMaxSize: 64).reconcile(ObjectKey(namespace: "default", name: "big"))
        #expect(big.failure?.reason == "ChartPullError", "\(big.report)")
        #expect(big.failure?.message.contains("exceeds the maximum size of 64 bytes") == true, "\(big.report)")
    }

    @Test func credentialsGoToOtherHostsOnlyWithPassCredentials() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let packages = bed.directory.appendingPathComponent("packages")
        try await bed.writeChart("app", version: "1.0.0", into: packages)
        let mirror = try await ChartRepositoryServer.start(root: packages)
        defer { mirror.stop() }
        let indexRoot = bed.directory.appendingPathComponent("index")
        try FileManager.default.createDirectory(at: indexRoot, withIntermediateDirectories: true)
        try bed.writeIndex([("app", "1.0.0", mirror.url("app-1.0.0.tgz"))], into: indexRoot)
        let server = try await ChartRepositoryServer.start(root: indexRoot, basicAuth: (username: "flux", password: "index-only-secret"))
        defer { server.stop() }
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=index-only-secret"])
        let charts = bed.helmChartController()
        for (name, pass) in [("kept", false), ("passed", true)] {
            try await bed.applyHelmRepository(name, url: server.url(), extra: "  secretRef:\n    name: creds\n  passCredentials: \(pass)\n")
            #expect(await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: name)).isReady)
            mirror.clearRequests()
            try await bed.applyHelmChart(name, chart: "app", repository: name)
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(outcome.isReady, "\(outcome.report)")
            #expect(mirror.requests == ["GET /app-1.0.0.tgz 200 \(pass ? "auth" : "-")"])
        }
    }
}
