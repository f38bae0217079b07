import Foundation
import SluiceAPI
import SluiceCore
import SluiceOCI
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// The OCIRepository reconciler against real parts: the real distribution registry (`docker-registry`, with htpasswd
/// and TLS from a test CA), `sluice cluster serve`, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable,
                             "needs the built `sluice`, kubectl and docker-registry"))
struct OCIRepositoryReconcilerTests {
    static let manifests = ["deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n", "README.md": "# app\n"]

    @Test func aFluxArtifactIsPulledByTagSemverAndDigestAndAnUnchangedOneIsNotPulledAgain() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry)
        let repository = try OCIReference(parsing: registry.url("org/manifests"))
        var digests: [String: String] = [:]
        for tag in ["v1.0.0", "v1.2.0", "v2.0.0-rc.1"] {
            digests[tag] = try await FluxArtifact.push(
                client, to: repository.with(tag: tag), content: try bed.tarball(Self.manifests.merging(["version.txt": tag]) { $1 }),
                source: "https://github.com/org/repo", revision: "main@sha1:0123456789abcdef0123456789abcdef01234567")
        }
        let controller = bed.ociController()
        let one = try #require(digests["v1.0.0"]), two = try #require(digests["v1.2.0"])
        let cases: [(name: String, spec: String, revision: String)] = [
            ("tag", "ref:\n  tag: v1.0.0", "v1.0.0@\(one)"),
            ("semver", "ref:\n  semver: \">=1.0.0 <2.0.0\"", "v1.2.0@\(two)"),
            ("digest", "ref:\n  digest: \(one)", one),
        ]
        for item in cases {
            try await bed.applyOCIRepository(item.name, url: registry.url("org/manifests"), spec: "insecure: true\n" + item.spec)
            let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: item.name))
            #expect(outcome.isReady, "\(item.name): \(outcome.report)")
            let object = try await bed.ociRepository(item.name)
            let artifact = try #require(object.status?.artifact)
            #expect(artifact.revision == item.revision)
            let digest = String(item.revision.split(separator: "@").last ?? "")
            #expect(artifact.path == "ocirepository/default/\(item.name)/\(digest).tar.gz")
            #expect(artifact.metadata?[OCIAnnotation.source] == "https://github.com/org/repo")
            #expect(artifact.metadata?[OCIAnnotation.revision] == "main@sha1:0123456789abcdef0123456789abcdef01234567")
            #expect(object.conditions.first { $0.type == ConditionType.ready }?.message == "stored artifact for digest '\(item.revision)'")
            await #expect(try bed.ociArtifactFiles(object).sorted() == ["README.md", "deploy/", "deploy/app.yaml", "version.txt"])
        }
        let events = try bed.ociEvents(for: "tag")
        #expect(events.map(\.message) == ["stored artifact with revision 'v1.0.0@\(one)' from '\(registry.url("org/manifests"))', "
            + "origin source 'https://github.com/org/repo', origin revision 'main@sha1:0123456789abcdef0123456789abcdef01234567'"])

        // Nothing moved upstream: no status patch, no new artifact.
        let before = try await bed.ociRepository("tag")
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "tag")).isReady)
        let after = try await bed.ociRepository("tag")
        #expect(after.metadata.resourceVersion == before.metadata.resourceVersion)
        #expect(try bed.store.artifacts(kind: OCIRepository.kind, namespace: "default", name: "tag").count == 1)
    }

    @Test func basicAuthOverTLSWithAPrivateCAAndWrongCredentialsNamedWithoutTheSecret() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(basicAuth: ("flux", "s3cr3t-pass"), tls: true, in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry, credentials: OCICredentials(username: "flux", password: "s3cr3t-pass"))
        let url = registry.url("private/app")
        let digest = try await FluxArtifact.push(client, to: try OCIReference(parsing: url + ":latest"), content: try bed.tarball(Self.manifests),
                                                 source: nil, revision: nil)
        let ca = try #require(registry.certificates).caPEM
        func dockerConfig(_ password: String) -> String {
            #"{"auths":{"\#(registry.host)":{"auth":"\#(Data("flux:\(password)".utf8).base64EncodedString())"}}}"#
        }
        try await bed.applySecret("tls", data: ["ca.crt": ca])
        try await bed.applySecret("creds", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": dockerConfig("s3cr3t-pass")])
        try await bed.applySecret("wrong", type: "kubernetes.io/dockerconfigjson", data: [".dockerconfigjson": dockerConfig("not-the-pass-xyz")])
        let controller = bed.ociController()

        try await bed.applyOCIRepository("good", url: url, spec: "secretRef:\n  name: creds\ncertSecretRef:\n  name: tls")
        let good = await controller.reconcile(ObjectKey(namespace: "default", name: "good"))
        #expect(good.isReady, "\(good.report)")
        #expect(try await bed.ociRepository("good").status?.artifact?.revision == "latest@\(digest)")

        try await bed.applyOCIRepository("bad", url: url, spec: "secretRef:\n  name: wrong\ncertSecretRef:\n  name: tls")
        #expect(await !controller.reconcile(ObjectKey(namespace: "default", name: "bad")).isReady)
        let bad = try await bed.ociRepository("bad")
        let ready = try #require(bad.conditions.first { $0.type == ConditionType.ready })
        #expect(ready.status == .false)
        #expect(ready.reason == "OCIArtifactPullFailed")
        #expect(ready.message.contains("unauthorized"), "\(ready.message)")
        let everything = try String(decoding: JSONEncoder().encode(bad), as: UTF8.self) + (try bed.ociEvents(for: "bad").map(\.message).joined())
        #expect(!everything.contains("not-the-pass-xyz"))
        #expect(!everything.contains(Data("flux:not-the-pass-xyz".utf8).base64EncodedString()))

        // Without the CA the registry's certificate is not trusted.
        try await bed.applyOCIRepository("untrusted", url: url, spec: "secretRef:\n  name: creds")
        #expect(await !controller.reconcile(ObjectKey(namespace: "default", name: "untrusted")).isReady)
        let untrusted = try await bed.ociRepository("untrusted")
        #expect(untrusted.status?.artifact == nil)
        let refusal = untrusted.conditions.first { $0.type == ConditionType.ready }?.message ?? ""
        #expect(!refusal.contains("no answer within"), "a TLS failure is reported at once, not after the timeout: \(refusal)")
    }

    @Test func aHelmChartLayerIsSelectedByMediaTypeAndCopiedAsIs() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry)
        let chart = try bed.tarball(["podinfo/Chart.yaml": "apiVersion: v2\nname: podinfo\nversion: 6.5.0\n"])
        let reference = try OCIReference(parsing: registry.url("charts/podinfo:6.5.0"))
        // Helm's layout: a config blob of Helm's type, the chart layer; and a Flux layer first, which the selector skips.
        let config = try await client.pushBlob(reference, Array(#"{"name":"podinfo","version":"6.5.0"}"#.utf8), mediaType: OCIMediaType.helmConfig)
        let other = try await client.pushBlob(reference, try bed.tarball(["x.yaml": "x: 1\n"]), mediaType: OCIMediaType.fluxContent)
        let layer = try await client.pushBlob(reference, chart, mediaType: OCIMediaType.helmChartContent)
        let manifest = OCIManifest(config: config, layers: [other, layer])
        _ = try await client.pushManifest(reference, Array(try JSONEncoder().encode(manifest)), mediaType: OCIMediaType.imageManifest)

        try await bed.applyOCIRepository("chart", url: registry.url("charts/podinfo"), spec: """
            insecure: true
            ref:
              semver: "6.x"
            layerSelector:
              mediaType: \(OCIMediaType.helmChartContent)
              operation: copy
            """)
        let outcome = await bed.ociController().reconcile(ObjectKey(namespace: "default", name: "chart"))
        #expect(outcome.isReady, "\(outcome.report)")
        let object = try await bed.ociRepository("chart")
        let digest = try #require(object.status?.artifact?.digest)
        #expect(try bed.store.artifactContent(digest: digest) == chart, "copy stores the layer byte for byte")
        #expect(object.status?.observedLayerSelector?.operation == "copy")
    }

    @Test func hostileRegistriesAndContentAreRefusedWithNothingStored() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(in: bed.directory)
        defer { registry.stop() }
        let client = try bed.pushClient(registry)
        let controller = bed.ociController()
        func reconcile(_ name: String, _ url: String, _ spec: String) async throws -> Condition {
            try await bed.applyOCIRepository(name, url: url, spec: spec)
            #expect(await !controller.reconcile(ObjectKey(namespace: "default", name: name)).isReady)
            let object = try await bed.ociRepository(name)
            #expect(object.status?.artifact == nil, "\(name)")
            #expect(try bed.store.artifacts(kind: OCIRepository.kind, namespace: "default", name: name).isEmpty)
            return try #require(object.conditions.first { $0.type == ConditionType.ready })
        }

        // A blob whose stored bytes no longer match its digest (same length, one byte changed).
        let corrupt = try OCIReference(parsing: registry.url("bad/corrupt:v1"))
        let content = try bed.tarball(Self.manifests)
        _ = try await FluxArtifact.push(client, to: corrupt, content: content, source: nil, revision: nil)
        let blob = registry.blobFile(digest: OCIDigest.sha256(of: content).description)
        var bytes = try [UInt8](Data(contentsOf: blob))
        bytes[bytes.count / 2] ^= 0xff
        try Data(bytes).write(to: blob)
        let mismatch = try await reconcile("corrupt", registry.url("bad/corrupt"), "insecure: true\nref:\n  tag: v1")
        #expect(mismatch.reason == "OCIArtifactPullFailed")
        #expect(mismatch.message.contains("digest mismatch"), "\(mismatch.message)")

        // A manifest announcing a 2 GiB layer: refused before any byte is read.
        let huge = try OCIReference(parsing: registry.url("bad/huge:v1"))
        let config = try await client.pushBlob(huge, Array("{}".utf8), mediaType: OCIMediaType.fluxConfig)
        let small = try await client.pushBlob(huge, content, mediaType: OCIMediaType.fluxContent)
        var announced = small
        announced.size = 2 << 30
        _ = try await client.pushManifest(huge, Array(try JSONEncoder().encode(OCIManifest(config: config, layers: [announced]))),
                                          mediaType: OCIMediaType.imageManifest)
        let tooLarge = try await reconcile("huge", registry.url("bad/huge"), "insecure: true\nref:\n  tag: v1")
        #expect(tooLarge.message.contains("exceeds the limit"), "\(tooLarge.message)")

        // A tarball with an entry escaping the directory: extraction refuses it.
        let slip = directory(bed).appendingPathComponent("slip.tar.gz")
        try await Shell.run("/usr/bin/python3", ["-c", """
            import io, tarfile, sys
            with tarfile.open(sys.argv[1], 'w:gz') as tar:
                data = b'kind: ConfigMap\\n'
                info = tarfile.TarInfo('../escaped.yaml'); info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            """, slip.path])
        _ = try await FluxArtifact.push(client, to: try OCIReference(parsing: registry.url("bad/slip:v1")),
                                        content: try [UInt8](Data(contentsOf: slip)), source: nil, revision: nil)
        let escaped = try await reconcile("slip", registry.url("bad/slip"), "insecure: true\nref:\n  tag: v1")
        #expect(escaped.reason == "OCIArtifactLayerOperationFailed")
        #expect(escaped.message.contains("escapes"), "\(escaped.message)")
        #expect(!FileManager.default.fileExists(atPath: bed.directory.appendingPathComponent("escaped.yaml").path))

        // A layer media type the artifact does not have.
        let unknown = try await reconcile("unknown", registry.url("bad/corrupt"),
                                          "insecure: true\nref:\n  tag: v1\nlayerSelector:\n  mediaType: application/x-unknown")
        #expect(unknown.reason == "OCIArtifactLayerOperationFailed")
        #expect(unknown.message == "failed to find layer with media type 'application/x-unknown' in artifact")

        // A registry that accepts connections and never answers: the timeout ends the pull.
        let silent = try SilentTCPServer()
        defer { silent.stop() }
        let timedOut = try await reconcile("silent", "oci://127.0.0.1:\(silent.port)/app", "insecure: true\ntimeout: 2s")
        #expect(timedOut.reason == "OCIArtifactPullFailed")
        #expect(timedOut.message.contains("no answer within"), "\(timedOut.message)")

        // Fields Sluice cannot honour stall, named.
        let verify = try await reconcile("verify", registry.url("bad/corrupt"), "insecure: true\nverify:\n  provider: cosign")
        #expect(verify.message == "spec.verify (signature verification) is not supported by Sluice's source-controller yet")
        let invalid = try await reconcile("tagged-url", registry.url("bad/corrupt:v1"), "insecure: true")
        #expect(invalid.reason == ConditionReason.urlInvalid)
    }

    private func directory(_ bed: SourceTestBed) -> URL { bed.directory }
}
