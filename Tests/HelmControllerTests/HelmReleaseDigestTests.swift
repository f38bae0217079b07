import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// Flux's digests of a HelmRelease's values and post-renderers, and the OCI chart version it marks with a digest.
@Suite struct HelmReleaseDigestTests {
    /// Flux's own vectors (`fluxcd/pkg` `chartutil/digest_test.go`).
    @Test func valuesDigestIsFluxs() throws {
        #expect(HelmValuesDigest.digest(JSONObject()) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // Values as Flux reads them from JSON: every number a float64, keys in any order.
        let values = try #require(JSONParser().parse("""
            {"replicas": 3, "image": {"tag": "latest", "repository": "nginx"},
             "ports": [{"protocol": "TCP", "port": 8080}, {"port": 9090, "protocol": "UDP"}]}
            """).objectValue)
        #expect(HelmValuesDigest.digest(ValuesReader.normalised(values)) == "sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6")
        #expect(HelmValuesDigest.digest(values) == "sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6")
        // Keys sorted byte by byte, not in yaml.v2's numeric-aware order.
        let numeric: JSONObject = ["test": ["632bd82398e71231a98004b6": "value4", "632bd817c559818a52307da2": "value3",
                                            "632bd80ddf416cf32fd50679": "value2", "632bd80235a05f4192aefade": "value1"],
                                   "replicas": .double(3)]
        #expect(HelmValuesDigest.digest(numeric) == "sha256:8a980fcbeadd6f05818f07e8aec14070c22250ca3d96af1fcd5f93b3e85b4d70")
    }

    @Test func valuesDigestWritesValuesAsYAMLv2() throws {
        let values: JSONObject = ["big": .double(1e20), "half": .double(0.5), "million": .double(1_000_000), "none": .null,
                                  "empty": .object(JSONObject()), "list": .array([]), "yes": "y", "text": "a\nb"]
        #expect(try HelmValuesDigest.yaml(values) == """
            big: 1e+20
            empty: {}
            half: 0.5
            list: []
            million: 1000000
            none: null
            text: |-
              a
              b
            "yes": "y"

            """)
    }

    @Test func postRenderersDigestIsGoJSONOfFluxTypes() {
        #expect(HelmReleasePostRendering.digest(nil) == nil)
        #expect(HelmReleasePostRendering.digest([]) == ArtifactRecord.digest(of: Array("[]\n".utf8)))
        let renderers = [
            HelmPostRenderer(kustomize: HelmKustomizePostRenderer(
                patches: [Patch(patch: "- op: add\n  path: /a\n  value: <b&c>", target: Selector(version: "v1", kind: "Deployment", name: "x", labelSelector: "a=b"))],
                images: [Image(name: "nginx", newTag: "1.25"), Image(name: "redis", newName: "valkey", digest: "sha256:00")])),
            HelmPostRenderer(),
        ]
        let json = #"[{"kustomize":{"patches":[{"patch":"- op: add\n  path: /a\n  value: \u003cb\u0026c\u003e","target":{"version":"v1","kind":"Deployment","name":"x","labelSelector":"a=b"}}],"images":[{"name":"nginx","newTag":"1.25"},{"name":"redis","newName":"valkey","digest":"sha256:00"}]}},{}]"#
        #expect(HelmReleasePostRendering.digest(renderers) == ArtifactRecord.digest(of: Array((json + "\n").utf8)))
    }

    @Test func ociChartVersionCarriesTheRevisionDigest() throws {
        let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        var chart = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(version: "6.5.0"), source: "demo")
        #expect(try HelmReleaseReconciler.markVersionWithDigest(&chart, revision: "6.5.0@\(digest)") == digest)
        #expect(chart.metadata.version == "6.5.0+0123456789ab")
        #expect(chart.metadata.fields["version"] == "6.5.0+0123456789ab")

        // A tag that is not a version: the whole revision is the digest Flux records.
        chart = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(version: "6.5.0"), source: "demo")
        #expect(try HelmReleaseReconciler.markVersionWithDigest(&chart, revision: "latest@\(digest)") == "latest@\(digest)")
        #expect(chart.metadata.version == "6.5.0+0123456789ab")

        // OCI tags spell `+` as `_`.
        chart = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(version: "1.0.0+build"), source: "demo")
        #expect(try HelmReleaseReconciler.markVersionWithDigest(&chart, revision: "1.0.0_build@\(digest)") == digest)

        chart = try ChartLoader().loadArchive(HelmInputsTestBed.chartArchive(version: "6.5.0"), source: "demo")
        #expect(throws: (any Error).self) { try HelmReleaseReconciler.markVersionWithDigest(&chart, revision: "6.4.0@\(digest)") }
        #expect(throws: (any Error).self) { try HelmReleaseReconciler.markVersionWithDigest(&chart, revision: "sha256:short") }
    }
}
