import Foundation
import SluiceAPI
import SluiceCore
import SluiceOCI
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// HelmChart from a `type: oci` HelmRepository against real parts: the real distribution registry (`docker-registry`,
/// htpasswd and TLS from a test CA), charts pushed with Helm's media types, `sluice cluster serve`, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable,
                             "needs the built `sluice`, kubectl and docker-registry"))
struct HelmChartFromOCITests {
    static let user = "helm", password = "oci-s3cr3t-pw"

    @Test func aRangePicksTheHighestTagAndExactVersionsAndCredentialsFormsWork() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(basicAuth: (Self.user, Self.password), tls: true, in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry, credentials: OCICredentials(username: Self.user, password: Self.password))
        var packages: [String: [UInt8]] = [:]
        for version in ["1.0.0", "1.3.0+build.1", "1.4.0-rc.1", "2.0.0"] {
            packages[version] = try await pushChart("app", version: version, to: registry, with: client, bed: bed)
        }
        // podinfo's real packaged chart, from ../shared, pushed as `helm push` would.
        for version in ["6.13.0", "6.14.1"] {
            let package = Array(try Data(contentsOf: SourceTestBed.sharedHelmRepository.appendingPathComponent("podinfo-\(version).tgz")))
            try await pushPackage(package, name: "podinfo", version: version, to: registry, with: client)
        }
        try await applyRegistrySecrets(bed, registry)
        try await bed.applyHelmRepository("oci", url: registry.url("charts"), extra: """
              type: oci
              secretRef:
                name: docker-creds
              certSecretRef:
                name: registry-ca
            """)
        try await bed.applyHelmRepository("oci-basic", url: registry.url("charts") + "/", extra: """
              type: oci
              secretRef:
                name: basic-creds
              certSecretRef:
                name: registry-ca
            """)
        #expect(await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "oci")).isReady)

        let charts = bed.helmChartController()
        let cases: [(name: String, chart: String, repository: String, version: String?, expected: String)] = [
            ("range", "app", "oci", ">=1.0.0 <2.0.0", "1.3.0+build.1"),  // `_` in the tag is `+`; the prerelease is not in range
            ("latest", "app", "oci", nil, "2.0.0"),
            ("exact", "app", "oci", "1.0.0", "1.0.0"),
            ("exact-build", "app", "oci", "1.3.0+build.1", "1.3.0+build.1"),  // taken as the tag `1.3.0_build.1` directly
            ("basic", "app", "oci-basic", "1.x", "1.3.0+build.1"),
            ("podinfo", "podinfo", "oci", "6.13.x", "6.13.0"),
        ]
        for item in cases {
            try await bed.applyHelmChart(item.name, chart: item.chart, repository: item.repository, version: item.version)
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: item.name))
            #expect(outcome.isReady, "\(item.name): \(outcome.report)")
            let chart = try await bed.object(HelmChart.self, item.name)
            let artifact = try #require(chart.status?.artifact, "\(item.name)")
            #expect(artifact.revision == item.expected, "\(item.name)")
            #expect(artifact.path == "helmchart/default/\(item.name)/\(item.chart)-\(item.expected).tgz")
            #expect(chart.status?.observedChartName == item.chart)
            let ready = try #require(chart.conditions.first { $0.type == ConditionType.ready })
            #expect(ready.reason == "ChartPullSucceeded")
            #expect(ready.message == "pulled '\(item.chart)' chart with version '\(item.expected)'")
            if item.chart == "app" {
                // Pulled as is: the stored package is the pushed layer, byte for byte.
                #expect(try bed.store.artifactContent(digest: try #require(artifact.digest)) == packages[item.expected])
            }
        }

        // Values files: the pulled chart is packaged again with the generation as build metadata, as for HTTP charts.
        try await bed.applyHelmChart("values", chart: "app", repository: "oci", version: "1.0.0", extra: "  valuesFiles:\n  - values-prod.yaml")
        let values = await charts.reconcile(ObjectKey(namespace: "default", name: "values"))
        #expect(values.isReady, "\(values.report)")
        let packaged = try #require(try await bed.object(HelmChart.self, "values").status?.artifact)
        #expect(packaged.revision == "1.0.0+1")
        #expect(try await bed.packageFile(digest: try #require(packaged.digest), "app/values.yaml").contains("replicas: 3"))

        // Unchanged: the stored artifact is kept, nothing is patched (a second later, so a moved timestamp would show).
        try await Task.sleep(for: .seconds(1.1))
        let before = try await bed.object(HelmChart.self, "range")
        #expect(await charts.reconcile(ObjectKey(namespace: "default", name: "range")).isReady)
        #expect(try await bed.object(HelmChart.self, "range").metadata.resourceVersion == before.metadata.resourceVersion,
                "ArtifactInStorage keeps its transition time")
        #expect(try bed.store.artifacts(kind: HelmChart.kind, namespace: "default", name: "range").count == 1)

        // A new version in range is picked up at the next reconcile.
        packages["1.5.0"] = try await pushChart("app", version: "1.5.0", to: registry, with: client, bed: bed)
        #expect(await charts.reconcile(ObjectKey(namespace: "default", name: "range")).isReady)
        #expect(try await bed.object(HelmChart.self, "range").status?.artifact?.revision == "1.5.0")
    }

    @Test func wrongCredentialsMissingChartsAndBadManifestsAreNamedFailuresWithNothingStored() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(basicAuth: (Self.user, Self.password), tls: true, in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry, credentials: OCICredentials(username: Self.user, password: Self.password))
        try await pushChart("app", version: "1.0.0", to: registry, with: client, bed: bed)
        // A manifest under a chart's name that has no Helm chart layer (a Flux artifact).
        _ = try await FluxArtifact.push(client, to: try OCIReference(parsing: registry.url("charts/notachart:1.0.0")),
                                        content: try bed.tarball(["a.yaml": "a: 1\n"]), source: nil, revision: nil)
        try await applyRegistrySecrets(bed, registry)
        let wrongPassword = "not-the-pw-987"
        try await bed.applySecret("wrong", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": dockerConfig(registry, password: wrongPassword)])
        try await bed.applySecret("wrong-basic", data: ["username": Self.user, "password": wrongPassword])
        for (name, secret) in [("oci", "docker-creds"), ("wrong", "wrong"), ("wrong-basic", "wrong-basic"), ("no-secret", "absent")] {
            try await bed.applyHelmRepository(name, url: registry.url("charts"), extra: """
                  type: oci
                  secretRef:
                    name: \(secret)
                  certSecretRef:
                    name: registry-ca
                """)
        }
        let charts = bed.helmChartController(chartMaxSize: 4096)
        func failure(_ name: String, chart: String = "app", repository: String = "oci", version: String? = nil) async throws -> ReconcileError? {
            try await bed.applyHelmChart(name, chart: chart, repository: repository, version: version)
            let outcome = await charts.reconcile(ObjectKey(namespace: "default", name: name))
            #expect(!outcome.isReady, "\(name)")
            let object = try await bed.object(HelmChart.self, name)
            #expect(object.status?.artifact == nil, "\(name): nothing stored")
            #expect(try bed.store.artifacts(kind: HelmChart.kind, namespace: "default", name: name).isEmpty)
            let everything = try String(decoding: JSONEncoder().encode(object), as: UTF8.self)
                + (try bed.events(kind: "HelmChart", name).map(\.message).joined())
            for secret in [wrongPassword, Self.password, Data("\(Self.user):\(wrongPassword)".utf8).base64EncodedString()] {
                #expect(!everything.contains(secret), "\(name): no secret in status or events")
            }
            return outcome.failure
        }

        for (name, repository, version) in [("wrong-range", "wrong", "1.x"), ("wrong-exact", "wrong", "1.0.0"), ("wrong-basic", "wrong-basic", nil)] {
            let refused = try await failure(name, repository: repository, version: version)
            #expect(refused?.reason == "ChartPullError", "\(name): \(String(describing: refused))")
            #expect(refused?.message.contains("unauthorized") == true, "\(name): \(String(describing: refused))")
        }
        let noSecret = try await failure("no-secret", repository: "no-secret")
        #expect(noSecret?.reason == "AuthenticationFailed")
        #expect(noSecret?.message == "failed to get authentication secret 'default/absent': secrets \"absent\" not found")

        let missingChart = try await failure("missing", chart: "nochart")
        #expect(missingChart?.reason == "ChartPullError")
        #expect(missingChart?.message.contains("could not get tags for \"nochart\"") == true, "\(String(describing: missingChart))")
        let missingTag = try await failure("missing-tag", version: "9.9.9")
        #expect(missingTag?.reason == "ChartPullError")
        #expect(missingTag?.message.contains("charts/app:9.9.9") == true, "\(String(describing: missingTag))")
        let noMatch = try await failure("no-match", version: ">=5.0.0")
        #expect(noMatch?.message.contains("no match found for semver: >=5.0.0") == true, "\(String(describing: noMatch))")

        let notAChart = try await failure("not-a-chart", chart: "notachart", version: "1.0.0")
        #expect(notAChart?.reason == "ChartPullError")
        #expect(notAChart?.message.contains("manifest does not contain a layer with mediatype \(OCIMediaType.helmChartContent)") == true,
                "\(String(describing: notAChart))")

        // Larger than --helm-chart-max-size: refused by the announced size before a byte is read.
        try await pushChart("big", version: "1.0.0", to: registry, with: client, bed: bed,
                            files: ["files/blob.txt": (0..<20_000).map { _ in String(UInt8.random(in: 0...255), radix: 16) }.joined()])
        let big = try await failure("big", chart: "big")
        #expect(big?.reason == "ChartPullError")
        #expect(big?.message.contains("exceeds the limit of 4096 bytes") == true, "\(String(describing: big))")

        let badName = try await failure("bad-name", chart: "App:1")
        guard case .stalling(let reason, let message)? = badName else {
            Issue.record("a chart name that is not a repository path stalls: \(String(describing: badName))")
            return
        }
        #expect(reason == "InvalidChartReference")
        #expect(message.contains("invalid chart name 'App:1'"), "\(message)")
    }

    // MARK: Helpers

    /// Packages chart `name` at `version` with the project's packaging (a ConfigMap template; `values-prod.yaml` sets
    /// `replicas: 3`) and pushes it; returns the package bytes.
    @discardableResult
    private func pushChart(_ name: String, version: String, to registry: RegistryServer, with client: OCIClient, bed: SourceTestBed,
                           files: [String: String] = [:]) async throws -> [UInt8]
    {
        let scratch = bed.directory.appendingPathComponent("oci-chart-\(UUID().uuidString)")
        let written = try await bed.writeChart(name, version: version, into: scratch, files: files.merging(["values-prod.yaml": "replicas: 3\n"]) { $1 })
        let package = try ChartPackage(archive: Array(try Data(contentsOf: written)), source: written.lastPathComponent)
            .packaged(version: version, values: nil)
        try await pushPackage(package, name: name, version: version, to: registry, with: client)
        return package
    }

    /// Pushes `package` as `helm push` does: config of Helm's type (Chart.yaml's fields as JSON), one chart content
    /// layer, tagged with the version (`+` written `_`).
    private func pushPackage(_ package: [UInt8], name: String, version: String, to registry: RegistryServer, with client: OCIClient) async throws {
        let reference = try OCIReference(parsing: registry.url("charts/\(name)")).with(tag: version.replacingOccurrences(of: "+", with: "_"))
        let config = try JSONSerialization.data(withJSONObject: ["apiVersion": "v2", "name": name, "version": version], options: [.sortedKeys])
        let configDescriptor = try await client.pushBlob(reference, Array(config), mediaType: OCIMediaType.helmConfig)
        let layer = try await client.pushBlob(reference, package, mediaType: OCIMediaType.helmChartContent)
        let manifest = OCIManifest(config: configDescriptor, layers: [layer])
        _ = try await client.pushManifest(reference, Array(try JSONEncoder().encode(manifest)), mediaType: OCIMediaType.imageManifest)
    }

    /// `registry-ca` (the test CA), `docker-creds` (dockerconfigjson) and `basic-creds` (username/password) in `default`.
    private func applyRegistrySecrets(_ bed: SourceTestBed, _ registry: RegistryServer) async throws {
        try await bed.applySecret("registry-ca", data: ["ca.crt": try #require(registry.certificates).caPEM])
        try await bed.applySecret("docker-creds", type: "kubernetes.io/dockerconfigjson",
                                  data: [".dockerconfigjson": dockerConfig(registry, password: Self.password)])
        try await bed.applySecret("basic-creds", data: ["username": Self.user, "password": Self.password])
    }

    /// A Docker config naming `registry` with this suite's user and `password`.
    private func dockerConfig(_ registry: RegistryServer, password: String) -> String {
        let auth = Data("\(Self.user):\(password)".utf8).base64EncodedString()
        return #"{"auths":{"\#(registry.host)":{"auth":"\#(auth)"}}}"#
    }
}
