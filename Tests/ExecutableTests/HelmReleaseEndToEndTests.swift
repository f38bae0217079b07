import Foundation
import SluiceTestSupport
import Testing

/// The helm-controller end to end, every part real: Sluice's `webapp` fixture chart in a real chart repository and in
/// the real `docker-registry`, `sluice up --repo` (the API server and the four controller processes) syncing a Git
/// repository laid out as Flux's reference example, kubectl, and Python decoding Helm's release Secrets.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("helm-controller")
    && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable, "needs the built executables, kubectl and docker-registry"))
struct HelmReleaseEndToEndTests {
    /// The fixture's versions reach the source-controller as Flux's sources expect them: every version as a HelmChart
    /// of the chart repository, stored byte for byte; 1.0.0 through an OCIRepository selecting Helm's chart layer.
    @Test func everyWebappVersionIsServedAsAHelmChartAndTheOCIChartAsAnArtifact() async throws {
        let bed = try await ControllerProcessBed.start("helm-sources")
        defer { bed.stop() }
        let sources = try await HelmReleaseChartSources.start(in: bed.directory)
        defer { sources.stop() }
        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { controller.signal(SIGKILL) }
        var manifests = """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: webapp
              namespace: default
            spec:
              interval: 10m
              url: \(sources.charts.url())
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: webapp-oci
              namespace: default
            spec:
              interval: 10m
              url: \(sources.ociRepositoryURL)
              insecure: true
              ref:
                semver: "1.x"
              layerSelector:
                mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                operation: copy

            """
        for version in WebappChart.Version.allCases {
            manifests += """
                ---
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmChart
                metadata:
                  name: webapp-\(version.rawValue.replacingOccurrences(of: ".", with: "-"))
                  namespace: default
                spec:
                  interval: 10m
                  chart: webapp
                  version: "\(version.rawValue)"
                  sourceRef:
                    kind: HelmRepository
                    name: webapp

                """
        }
        try await bed.kubectl(["apply", "-f", "-"], input: manifests)
        for version in WebappChart.Version.allCases {
            let name = "webapp-\(version.rawValue.replacingOccurrences(of: ".", with: "-"))"
            try await bed.waitFor("HelmChart \(name)", kinds: "helmchart,helmrepository", logs: ["source-controller": controller]) {
                try await bed.field("helmchart", name, ".status.artifact.revision") == version.rawValue
            }
            // No values files, no version override: the package is stored as the repository serves it.
            let digest = try #require(sources.packages[version.rawValue]?.digest)
            await #expect(try bed.field("helmchart", name, ".status.artifact.digest") == "sha256:\(digest)")
        }
        try await bed.waitFor("OCIRepository webapp-oci", kinds: "ocirepository", logs: ["source-controller": controller]) {
            try await bed.field("ocirepository", "webapp-oci", ".status.artifact.revision") == "1.0.0@\(sources.ociManifestDigest)"
        }
        let package = try #require(sources.packages["1.0.0"])
        await #expect(try bed.field("ocirepository", "webapp-oci", ".status.artifact.digest") == "sha256:\(package.digest)",
                      "copy stores the chart layer as pushed")
    }

    /// The fixture renders as `helm template` would, through the built `helm-controller template`: every part in 1.0.0,
    /// the failing rollout in 2.0.0, the render failure of 2.1.0 and the schema's refusal, each with a clear message.
    @Test func theChartEngineRendersEveryWebappVersion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-webapp-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        func chart(_ version: WebappChart.Version) throws -> String {
            let path = directory.appendingPathComponent(version.rawValue)
            try WebappChart.write(version, to: path)
            return path.path
        }
        let v1 = try await ChildProcess.run("helm-controller", ["template", "shop", try chart(.v1_0_0), "-n", "shop"])
        #expect(v1.status == 0, "\(v1.stderr)")
        for expected in ["kind: Deployment", "kind: Service", "kind: ConfigMap", "name: shop-webapp", "message: \"hello from webapp\"",
                         "\"helm.sh/hook\": pre-install,pre-upgrade", "\"helm.sh/hook-weight\": \"-5\"", "\"helm.sh/hook\": test",
                         "image: \"ghcr.io/sluice-test/webapp:1.0.0\""] {
            #expect(v1.stdout.contains(expected), "\(expected) in\n\(v1.stdout)")
        }
        #expect(!v1.stdout.contains("sluice.dev/simulate"), "1.0.0 asks for no simulated failure")
        #expect(!v1.stdout.contains("kind: StatefulSet"))

        let v2 = try await ChildProcess.run("helm-controller", ["template", "shop", try chart(.v2_0_0)])
        #expect(v2.status == 0, "\(v2.stderr)")
        #expect(v2.stdout.contains("kind: Deployment\nmetadata:\n  name: shop-webapp\n  labels:\n    helm.sh/chart: webapp-2.0.0\n"), "\(v2.stdout)")
        #expect(v2.stdout.contains("  annotations:\n    sluice.dev/simulate: fail\nspec:\n  replicas: 1"), "\(v2.stdout)")

        let broken = try await ChildProcess.run("helm-controller", ["template", "shop", try chart(.v2_1_0)])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains(WebappChart.renderFailure), "\(broken.stderr)")
        #expect(broken.stderr.contains("webapp/templates/database.yaml"), "\(broken.stderr)")

        let v11 = try chart(.v1_1_0)
        let schema = try await ChildProcess.run("helm-controller", ["template", "shop", v11, "--set-string", "replicaCount=two"])
        #expect(schema.status != 0)
        #expect(schema.stderr.contains("values don't meet the specifications of the schema(s)"), "\(schema.stderr)")
        #expect(schema.stderr.contains("replicaCount"), "\(schema.stderr)")

        let hooks = try await ChildProcess.run("helm-controller", ["template", "shop", v11, "--set", "hooks.failMigration=true,tests.fail=true,stuck=true"])
        #expect(hooks.status == 0, "\(hooks.stderr)")
        #expect(hooks.stdout.components(separatedBy: "sluice.dev/simulate: fail").count == 4, "migration, test and StatefulSet fail:\n\(hooks.stdout)")
        #expect(hooks.stdout.contains("name: shop-webapp-stuck"))
    }

    /// Flux's reference layout synced by `sluice up --repo`: both HelmReleases Ready and their workloads in the
    /// cluster; a values change in Git upgrades (revision 2); a broken chart version fails the upgrade and is
    /// rolled back; a good version recovers; removing a HelmRelease from Git uninstalls it, and so does deleting one.
    /// Meanwhile bad input, applied beside them, fails with clear messages and is fixed by the next change.
    @Test func helmReleasesFromGitAreInstalledUpgradedRolledBackAndUninstalled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-helm-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sources = try await HelmReleaseChartSources.start(in: directory)
        defer { sources.stop() }
        var repository = HelmReleaseFleetRepository(chartRepositoryURL: sources.charts.url(), ociRepositoryURL: sources.ociRepositoryURL)
        let bed = try await HelmReleaseUpBed.start(repository, in: directory)
        do {
            try await lifecycle(bed, repository: &repository)
        } catch {
            await bed.stop()
            throw error
        }
        await bed.stop()
    }

    private func lifecycle(_ bed: HelmReleaseUpBed, repository: inout HelmReleaseFleetRepository) async throws {
        // Everything Ready: the sync, the sources, the HelmChart the controller made for `spec.chart`, both releases.
        let ready: [(kind: String, name: String, namespace: String)] = [
            ("gitrepository", "flux-system", "flux-system"), ("kustomization", "flux-system", "flux-system"), ("kustomization", "apps", "flux-system"),
            ("helmrepository", "webapp", "webapp"), ("ocirepository", "webapp-oci", "webapp"), ("helmchart", "webapp-webapp", "webapp"),
            ("helmrelease", "webapp", "webapp"), ("helmrelease", "webapp-oci", "webapp"),
        ]
        for object in ready {
            try await bed.waitFor("\(object.kind) \(object.namespace)/\(object.name) Ready") {
                try await bed.isReady(object.kind, object.name, namespace: object.namespace)
            }
        }
        // Bad input beside them, followed at the end.
        try await applyBadInput(bed)

        // The workload, as kubectl sees it: staging's values over the release's over the chart's.
        await #expect(try bed.field("deployment", "webapp", ".spec.replicas") == "2")
        try await bed.waitFor("Deployment webapp available") { try await bed.field("deployment", "webapp", ".status.readyReplicas") == "2" }
        await #expect(try bed.field("configmap", "webapp", ".data.message") == "hello from staging")
        await #expect(try bed.field("configmap", "webapp", ".data.tier") == "frontend")
        await #expect(try bed.field("deployment", "webapp", ".metadata.annotations.meta\\.helm\\.sh/release-name") == "webapp")
        await #expect(try bed.field("service", "webapp", ".spec.ports[0].port") == "80")
        await #expect(try bed.field("helmrelease", "webapp", ".status.history[0].chartVersion") == "1.0.0")
        await #expect(try bed.field("helmrelease", "webapp", ".status.lastAttemptedRevision") == "1.0.0")
        // The test hook ran and is kept (before-hook-creation); the migration hook was deleted once it succeeded.
        await #expect(try bed.condition("helmrelease", "webapp", "TestSuccess")?.status == "True")
        await #expect(try bed.field("job", "webapp-test-connection", ".status.succeeded") == "1")
        try await bed.waitFor("the succeeded migration hook deleted") {
            try await bed.kubectl(["get", "jobs", "-n", "webapp", "-o", "name"]).contains("webapp-migrate") == false
        }
        // Helm's storage, decoded independently.
        let installed = try await bed.releases("webapp")
        #expect(installed.map(\.version) == [1])
        if let first = installed.first {
            #expect(first.secret == "sh.helm.release.v1.webapp.v1")
            #expect(first.type == "helm.sh/release.v1")
            // Helm's labels (Helm also adds createdAt and modifiedAt).
            #expect(first.labels.filter { ["name", "owner", "status", "version"].contains($0.key) }
                == ["name": "webapp", "owner": "helm", "status": "deployed", "version": "1"], "\(first.labels)")
            #expect(first.name == "webapp" && first.namespace == "webapp" && first.status == "deployed")
            #expect(first.chartName == "webapp" && first.chartVersion == "1.0.0")
            #expect(first.config.contains(#""message":"hello from staging""#), "\(first.config)")
            #expect(first.manifest.contains("kind: Deployment") && first.manifest.contains("kind: ConfigMap"))
            #expect(Set(first.hooks) == ["webapp-migrate", "webapp-test-connection"], "\(first.hooks)")
            #expect(first.notes.contains("webapp 1.0.0 is installed as release webapp (revision 1) in namespace webapp."), "\(first.notes)")
        }
        // The `chartRef` release from the OCI chart.
        await #expect(try bed.field("configmap", "webapp-oci", ".data.message") == "hello from an OCI chart")
        // An OCIRepository's chart version carries the artifact's digest, as Flux records it (`1.0.0+<12 hex digits>`).
        await #expect(try bed.field("helmrelease", "webapp-oci", ".status.history[0].chartVersion").hasPrefix("1.0.0+"))
        await #expect(try bed.releases("webapp-oci").map(\.status) == ["deployed"])

        // A values change in Git: revision 2.
        repository.message = "hello again"
        try await bed.commit(repository, message: "staging: new message")
        try await bed.waitFor("HelmRelease webapp at revision 2") {
            let version = try await bed.field("helmrelease", "webapp", ".status.history[0].version")
            guard version == "2" else { return false }
            return try await bed.isReady("helmrelease", "webapp")
        }
        await #expect(try bed.field("configmap", "webapp", ".data.message") == "hello again")
        let upgraded = try await bed.releases("webapp")
        #expect(upgraded.map(\.status) == ["superseded", "deployed"])
        #expect(upgraded.last?.config.contains(#""message":"hello again""#) == true)
        #expect(upgraded.last?.notes.contains("is upgraded as release webapp (revision 2)") == true, "\(upgraded.last?.notes ?? "")")

        // A broken chart version: the upgrade fails (its Deployment never becomes ready) and is rolled back.
        repository.webappVersion = WebappChart.Version.v2_0_0.rawValue
        try await bed.commit(repository, message: "staging: webapp 2.0.0")
        // `upgrade.remediation.retries: 1`: the upgrade is tried twice, each failure rolled back (the last because
        // `remediateLastFailure` defaults to true with retries). Only then does the state stay put to be read.
        try await bed.waitFor("the failed upgrades to 2.0.0 rolled back and the retries exhausted") {
            let releases = try await bed.releases("webapp")
            let remediated = try await bed.condition("helmrelease", "webapp", "Remediated")
            return releases.filter { $0.chartVersion == "2.0.0" && $0.status == "failed" }.count >= 2
                && releases.last?.status == "deployed" && releases.last?.chartVersion == "1.0.0" && remediated?.status == "True"
        }
        let released = try await bed.condition("helmrelease", "webapp", "Released")
        #expect(released?.status == "False" && released?.reason == "UpgradeFailed", "\(String(describing: released))")
        #expect(released?.message?.contains("webapp@2.0.0") == true, "\(released?.message ?? "")")
        #expect(try await bed.condition("helmrelease", "webapp", "Remediated")?.reason == "RollbackSucceeded")
        #expect(Int(try await bed.field("helmrelease", "webapp", ".status.upgradeFailures")) ?? 0 >= 1)
        // The rollback restored revision 2's objects and values.
        await #expect(try bed.field("deployment", "webapp", ".metadata.annotations.sluice\\.dev/simulate") == "")
        await #expect(try bed.field("configmap", "webapp", ".data.chartVersion") == "1.0.0")
        await #expect(try bed.field("configmap", "webapp", ".data.message") == "hello again")
        #expect(try await bed.releases("webapp").last?.config.contains(#""message":"hello again""#) == true)

        // A good version recovers; the `chartRef` release leaves Git, is pruned and uninstalled.
        repository.webappVersion = WebappChart.Version.v1_1_0.rawValue
        repository.includesOCIRelease = false
        try await bed.commit(repository, message: "staging: webapp 1.1.0, no OCI release")
        try await bed.waitFor("HelmRelease webapp at 1.1.0 and Ready") {
            let version = try await bed.field("helmrelease", "webapp", ".status.history[0].chartVersion")
            guard version == "1.1.0" else { return false }
            return try await bed.isReady("helmrelease", "webapp")
        }
        await #expect(try bed.field("configmap", "webapp", ".data.chartVersion") == "1.1.0")
        await #expect(try bed.releases("webapp").last.map { [$0.status, $0.chartVersion] } == ["deployed", "1.1.0"])
        try await bed.waitFor("the release webapp-oci uninstalled") {
            let objects = try await bed.kubectl(["get", "helmreleases,deployments,configmaps,services", "-n", "webapp", "-o", "name"])
            let releases = try await bed.releases("webapp-oci")
            return !objects.contains("webapp-oci") && releases.isEmpty
        }

        // Deleting a HelmRelease uninstalls it: its objects, its release Secrets and the HelmChart made for it go.
        try await bed.kubectl(["delete", "helmrelease", "webapp", "-n", "webapp", "--timeout=180s"])
        try await bed.waitFor("the release webapp uninstalled") {
            // Every namespace keeps the cluster's `kube-root-ca.crt`, as in Kubernetes.
            let objects = try await bed.kubectl(["get", "deployments,configmaps,services,helmcharts", "-n", "webapp", "-o", "name"])
                .split(separator: "\n").filter { $0 != "configmap/kube-root-ca.crt" }
            let releases = try await bed.releases("webapp")
            return objects.isEmpty && releases.isEmpty
        }

        try await checkBadInput(bed)
    }

    /// HelmReleases in namespace `bad`, each failing for one reason, from their own HelmRepository of the same charts.
    private func applyBadInput(_ bed: HelmReleaseUpBed) async throws {
        let url = try await bed.field("helmrepository", "webapp", ".spec.url")
        func release(_ name: String, version: String = "1.0.0", timeout: String = "1m", _ extra: String = "") -> String {
            """
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: \(name)
              namespace: bad
            spec:
              interval: 10m
              timeout: \(timeout)
              chart:
                spec:
                  chart: webapp
                  version: "\(version)"
                  sourceRef:
                    kind: HelmRepository
                    name: webapp
            \(extra)

            """
        }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: bad
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: webapp
              namespace: bad
            spec:
              interval: 10m
              url: \(url)
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: list-values
              namespace: bad
            data:
              values.yaml: |
                - one
                - two

            """
            + release("values-not-a-map", """
                  valuesFrom:
                    - kind: ConfigMap
                      name: list-values
                """)
            + release("render-fails", version: WebappChart.Version.v2_1_0.rawValue)
            + release("hook-fails", """
                  values:
                    hooks:
                      failMigration: true
                """)
            + release("times-out", timeout: "15s", """
                  values:
                    stuck: true
                """))
    }

    /// Each bad HelmRelease is not Ready with a message naming the cause; the failed hook is fixed by a values change.
    private func checkBadInput(_ bed: HelmReleaseUpBed) async throws {
        /// The messages of the Ready and Released conditions, once Ready is False with one.
        func failure(_ name: String) async throws -> String {
            var message = ""
            try await bed.waitFor("HelmRelease bad/\(name) failed") {
                guard let ready = try await bed.condition("helmrelease", name, namespace: "bad", "Ready"), ready.status == "False",
                      let text = ready.message, !text.isEmpty, ready.reason != "Progressing"
                else { return false }
                let released = try await bed.condition("helmrelease", name, namespace: "bad", "Released")
                message = text + "\n" + (released?.message ?? "")
                return true
            }
            return message
        }
        let notAMap = try await failure("values-not-a-map")
        #expect(notAMap.contains("ConfigMap") && notAMap.contains("bad/list-values"), "\(notAMap)")
        await #expect(try bed.releases("values-not-a-map", namespace: "bad").isEmpty, "nothing installed")

        let render = try await failure("render-fails")
        #expect(render.contains(WebappChart.renderFailure), "\(render)")
        #expect(try await bed.releases("render-fails", namespace: "bad").allSatisfy { $0.status != "deployed" })

        let hook = try await failure("hook-fails")
        #expect(hook.contains("pre-install") && hook.contains("hook-fails-webapp-migrate"), "\(hook)")
        await #expect(try bed.releases("hook-fails", namespace: "bad").map(\.status) == ["failed"])

        let timeout = try await failure("times-out")
        #expect(timeout.contains("times-out-webapp-stuck") || timeout.contains("timed out") || timeout.contains("deadline exceeded"), "\(timeout)")

        // Nothing half-applied that the next change cannot fix: without the failing hook, the release installs.
        try await bed.kubectl(["patch", "helmrelease", "hook-fails", "-n", "bad", "--type", "merge", "-p",
                               #"{"spec":{"values":{"hooks":{"failMigration":false}}}}"#])
        try await bed.waitFor("HelmRelease bad/hook-fails Ready after the fix") { try await bed.isReady("helmrelease", "hook-fails", namespace: "bad") }
        await #expect(try bed.releases("hook-fails", namespace: "bad").last?.status == "deployed")
        await #expect(try bed.field("deployment", "hook-fails-webapp", namespace: "bad", ".status.readyReplicas") == "1")
    }
}
