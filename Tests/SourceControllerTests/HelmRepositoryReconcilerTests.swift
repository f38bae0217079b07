import Crypto
import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import SourceController

/// The HelmRepository reconciler against real parts: `sluice cluster serve`, a real HTTP(S) chart repository
/// (`ChartRepositoryServer`), podinfo's packaged chart from `../shared`, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct HelmRepositoryReconcilerTests {
    static func sha256(_ data: Data) -> String { "sha256:" + SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func theIndexIsStoredWithItsDigestAsRevisionAndAnUnchangedIndexWritesNothing() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        let controller = bed.helmRepositoryController()
        try await bed.applyHelmRepository("podinfo", url: server.url())
        let key = ObjectKey(namespace: "default", name: "podinfo")
        let outcome = await controller.reconcile(key)
        #expect(outcome.isReady, "\(outcome.report)")

        let revision = Self.sha256(try Data(contentsOf: root.appendingPathComponent("index.yaml")))
        let repository = try await bed.object(HelmRepository.self, "podinfo")
        let artifact = try #require(repository.status?.artifact)
        #expect(artifact.revision == revision)
        #expect(artifact.path == "helmrepository/default/podinfo/index-\(revision.dropFirst("sha256:".count)).yaml")
        #expect(repository.status?.url == "http://127.0.0.1:9090/helmrepository/default/podinfo/index.yaml")
        let ready = try #require(repository.conditions.first { $0.type == ConditionType.ready })
        #expect(ready.status == .true)
        #expect(ready.reason == "Succeeded")
        #expect(ready.message == "stored artifact: revision '\(revision)'")
        // The artifact is the index as JSON, newest version first, as Flux stores it.
        let stored = try JSONParser().parse(try bed.store.artifactContent(digest: try #require(artifact.digest)))
        guard case .object(let index) = stored, case .object(let entries)? = index["entries"], case .array(let versions)? = entries["podinfo"] else {
            Issue.record("stored index is not an index: \(stored)")
            return
        }
        #expect(versions.compactMap { value -> String? in if case .object(let entry) = value { return entry["version"]?.stringValue } else { return nil } }
            == ["6.14.1", "6.13.0"])
        let events = try bed.events(kind: "HelmRepository", "podinfo")
        #expect(events.map(\.reason) == ["NewArtifact"])
        #expect(events.first?.message.hasPrefix("stored fetched index of size ") == true)
        #expect(events.first?.message.hasSuffix("from '\(server.url())'") == true)

        // Unchanged: no new artifact, no status patch.
        let artifactsBefore = try bed.store.artifacts(kind: "HelmRepository", namespace: "default", name: "podinfo")
        #expect(await controller.reconcile(key).isReady)
        let after = try await bed.object(HelmRepository.self, "podinfo")
        #expect(after.metadata.resourceVersion == repository.metadata.resourceVersion, "no status patch when the index is unchanged")
        #expect(try bed.store.artifacts(kind: "HelmRepository", namespace: "default", name: "podinfo").map(\.id) == artifactsBefore.map(\.id))

        // A changed index: a new revision and artifact.
        try await bed.writeChart("extra", version: "0.1.0", into: root)
        var text = try String(contentsOf: root.appendingPathComponent("index.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "entries:\n", with: "entries:\n  extra:\n  - apiVersion: v2\n    name: extra\n    version: 0.1.0\n    urls:\n    - extra-0.1.0.tgz\n")
        try Data(text.utf8).write(to: root.appendingPathComponent("index.yaml"))
        #expect(await controller.reconcile(key).isReady)
        let changed = try await bed.object(HelmRepository.self, "podinfo")
        #expect(changed.status?.artifact?.revision == Self.sha256(Data(text.utf8)))
    }

    @Test func aGzipEncodedIndexGivesTheSameRevision() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let server = try await ChartRepositoryServer.start(root: root, gzipIndex: true)
        defer { server.stop() }
        try await bed.applyHelmRepository("gz", url: server.url())
        let outcome = await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "gz"))
        #expect(outcome.isReady, "\(outcome.report)")
        let repository = try await bed.object(HelmRepository.self, "gz")
        #expect(repository.status?.artifact?.revision == Self.sha256(try Data(contentsOf: root.appendingPathComponent("index.yaml"))))
    }

    @Test func basicAuthFromTheSecretAndWrongCredentialsNeverLeak() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let server = try await ChartRepositoryServer.start(root: root, basicAuth: (username: "flux", password: "right-horse-battery"))
        defer { server.stop() }
        let controller = bed.helmRepositoryController()
        let key = ObjectKey(namespace: "default", name: "private")
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=wrong-staple-9271"])
        try await bed.applyHelmRepository("private", url: server.url(), extra: "  secretRef:\n    name: creds\n")
        let rejected = await controller.reconcile(key)
        let error = try #require(rejected.failure, "\(rejected.report)")
        #expect(error.reason == "Failed")
        #expect(error.message.hasPrefix("failed to fetch Helm repository index: "))
        #expect(error.message.contains("401"))
        let failed = try await bed.object(HelmRepository.self, "private")
        #expect(failed.conditions.contains { $0.type == ConditionType.fetchFailed && $0.status == .true && $0.reason == "Failed" })
        let status = try await bed.kubectl(["get", "helmrepository", "private", "-o", "yaml"])
        let events = try bed.events(kind: "HelmRepository", "private").map(\.message).joined(separator: "\n")
        for text in [status, events] {
            #expect(!text.contains("wrong-staple-9271"))
            #expect(!text.contains("right-horse-battery"))
        }

        try await bed.kubectl(["delete", "secret", "creds"])
        try await bed.kubectl(["create", "secret", "generic", "creds", "--from-literal=username=flux", "--from-literal=password=right-horse-battery"])
        let accepted = await controller.reconcile(key)
        #expect(accepted.isReady, "\(accepted.report)")
        #expect(server.requests.last == "GET /index.yaml 200 auth")

        try await bed.applyHelmRepository("absent", url: server.url(), extra: "  secretRef:\n    name: absent\n")
        let absent = await controller.reconcile(ObjectKey(namespace: "default", name: "absent"))
        let missing = try #require(absent.failure, "\(absent.report)")
        #expect(missing.reason == ConditionReason.authenticationFailed)
        #expect(missing.message.contains("default/absent"))
    }

    @Test func tlsWithAPrivateCAFromCertSecretRef() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let certificates = try await TLSCertificateFiles.generate(in: bed.directory.appendingPathComponent("tls"))
        let server = try await ChartRepositoryServer.start(root: root, tls: certificates)
        defer { server.stop() }
        let controller = bed.helmRepositoryController()

        try await bed.applyHelmRepository("untrusted", url: server.url())
        let untrusted = await controller.reconcile(ObjectKey(namespace: "default", name: "untrusted"))
        #expect(untrusted.failure?.reason == "Failed", "\(untrusted.report)")

        try await bed.kubectl(["create", "secret", "generic", "ca", "--from-file=ca.crt=\(certificates.caCertificate.path)"])
        try await bed.applyHelmRepository("trusted", url: server.url(), extra: "  certSecretRef:\n    name: ca\n")
        let trusted = await controller.reconcile(ObjectKey(namespace: "default", name: "trusted"))
        #expect(trusted.isReady, "\(trusted.report)")
    }

    @Test func badIndexesFailWithFluxReasonsAndKeepTheLastArtifact() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let root = try bed.podinfoRepository()
        let server = try await ChartRepositoryServer.start(root: root)
        defer { server.stop() }
        let controller = bed.helmRepositoryController()
        let key = ObjectKey(namespace: "default", name: "repo")
        try await bed.applyHelmRepository("repo", url: server.url())
        #expect(await controller.reconcile(key).isReady)
        let good = try await bed.object(HelmRepository.self, "repo").status?.artifact

        for (text, expected) in [
            ("entries: [unclosed\n", "failed to load Helm repository from index YAML: "),
            ("entries: {}\n", "failed to load Helm repository from index YAML: no API version specified"),
            ("", "failed to load Helm repository from index YAML: empty index.yaml file"),
        ] {
            try Data(text.utf8).write(to: root.appendingPathComponent("index.yaml"))
            let outcome = await controller.reconcile(key)
            let error = try #require(outcome.failure, "\(outcome.report)")
            #expect(error.reason == ConditionReason.indexationFailed)
            #expect(error.message.hasPrefix(expected), "\(error.message)")
            #expect(try await bed.object(HelmRepository.self, "repo").status?.artifact == good, "the last artifact is kept")
        }

        try FileManager.default.copyItem(at: SourceTestBed.sharedHelmRepository.appendingPathComponent("index.yaml"),
                                         to: root.appendingPathComponent("big.yaml"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("index.yaml"))
        try FileManager.default.moveItem(at: root.appendingPathComponent("big.yaml"), to: root.appendingPathComponent("index.yaml"))
        let bounded = await bed.helmRepositoryController(indexMaxSize: 256).reconcile(key)
        let tooBig = try #require(bounded.failure, "\(bounded.report)")
        #expect(tooBig.reason == "Failed")
        #expect(tooBig.message.contains("exceeds the maximum size of 256 bytes"), "\(tooBig.message)")

        try await bed.applyHelmRepository("oci-url", url: "oci://ghcr.io/stefanprodan/charts")
        let oci = await controller.reconcile(ObjectKey(namespace: "default", name: "oci-url"))
        #expect(oci.failure == .stalling(reason: ConditionReason.urlInvalid,
                                         message: "invalid Helm repository URL: 'oci' URL scheme cannot be used with 'default' HelmRepository type"))
    }

    @Test func aRepositoryThatNeverAnswersTimesOut() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let silent = try SilentTCPServer()
        defer { silent.stop() }
        try await bed.applyHelmRepository("silent", url: "http://127.0.0.1:\(silent.port)/", extra: "  timeout: 2s\n")
        let outcome = await bed.helmRepositoryController().reconcile(ObjectKey(namespace: "default", name: "silent"))
        let error = try #require(outcome.failure, "\(outcome.report)")
        #expect(error.reason == "Failed")
        #expect(error.message.contains("timeout"), "\(error.message)")
    }

    @Test func anOCIRepositoryIsReadyWithoutAnArtifactOnceItsSecretIsReadable() async throws {
        let bed = try await SourceTestBed.start()
        defer { bed.stop() }
        let controller = bed.helmRepositoryController()
        try await bed.applyHelmRepository("registry", url: "oci://ghcr.io/stefanprodan/charts", extra: "  type: oci\n  secretRef:\n    name: pull\n")
        let key = ObjectKey(namespace: "default", name: "registry")
        let missing = await controller.reconcile(key)
        #expect(missing.failure?.reason == ConditionReason.authenticationFailed, "\(missing.report)")
        try await bed.kubectl(["create", "secret", "docker-registry", "pull", "--docker-server=ghcr.io", "--docker-username=flux", "--docker-password=s3cr3t-token"])
        let ready = await controller.reconcile(key)
        #expect(ready.isReady, "\(ready.report)")
        let repository = try await bed.object(HelmRepository.self, "registry")
        #expect(repository.status?.artifact == nil)
        #expect(repository.conditions.first { $0.type == ConditionType.ready }?.message == "Helm repository is ready")

        try await bed.applyHelmRepository("bad-oci", url: "https://ghcr.io/stefanprodan/charts", extra: "  type: oci\n")
        let bad = await controller.reconcile(ObjectKey(namespace: "default", name: "bad-oci"))
        #expect(bad.failure?.reason == ConditionReason.urlInvalid, "\(bad.report)")
    }
}
