import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SluiceTestSupport
import Testing

/// The real `source-controller` and `sluice` executables with OCIRepository: an artifact pushed with
/// `sluice push artifact` to the real `docker-registry`, pulled by the running controller, served at its URL, listed,
/// reconciled and exported by the debugging commands and `sluice get|reconcile source oci`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("source-controller") && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable,
                "needs the built executables, kubectl and docker-registry"))
struct OCIRepositoryProcessTests {
    @Test func sourceControllerPullsOCIRepositoriesEndToEnd() async throws {
        let bed = try await ControllerProcessBed.start("oci")
        defer { bed.stop() }
        let registry = try await RegistryServer.start(in: bed.directory)
        defer { registry.stop() }
        let content = bed.directory.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        try Data("kind: ConfigMap\n".utf8).write(to: content.appendingPathComponent("deploy/app.yaml"))
        let digest = try await push(content, to: registry.url("apps/app") + ":1.0.0", revision: "main@sha1:abc")

        let controller = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { controller.signal(SIGKILL) }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: app
              namespace: default
            spec:
              interval: 10m
              url: \(registry.url("apps/app"))
              insecure: true
              ref:
                semver: ">=1.0.0"
            """)
        func field(_ path: String) async throws -> String { try await bed.field("ocirepository", "app", path) }
        try await eventually(timeout: .seconds(60)) { try await field(".status.artifact.revision") == "1.0.0@\(digest)" }
        let url = try await #require(URL(string: try field(".status.artifact.url")))
        let (body, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(url)")
        await #expect(body.count == Int(try field(".status.artifact.size")))

        // A new version and `sluice reconcile source oci` (a reconcile request, waited for) give the new revision.
        try Data("kind: Secret\n".utf8).write(to: content.appendingPathComponent("deploy/app.yaml"))
        let nextDigest = try await push(content, to: registry.url("apps/app") + ":1.1.0", revision: "main@sha1:def")
        let reconciled = try await ChildProcess.run("sluice", ["reconcile", "source", "oci", "app", "-n", "default"] + bed.common)
        #expect(reconciled.status == 0, "\(reconciled.stdout)\(reconciled.stderr)")
        await #expect(try field(".status.artifact.revision") == "1.1.0@\(nextDigest)")
        let table = try await ChildProcess.run("sluice", ["get", "sources", "oci", "-n", "default"] + bed.common)
        #expect(table.stdout.contains("1.1.0@\(nextDigest)"), "\(table.stdout)\(table.stderr)")

        // The debugging commands.
        let listed = try await ChildProcess.run("source-controller", ["get", "ocirepositories", "-A"] + bed.common)
        #expect(listed.stdout.contains("1.1.0@\(nextDigest)"), "\(listed.stderr)")
        let once = try await ChildProcess.run("source-controller", ["reconcile", "ocirepository", "default/app", "--log-level", "error"] + bed.common)
        #expect(once.status == 0, "\(once.stdout)\(once.stderr)")
        #expect(once.stdout.contains("Ready=True Succeeded: stored artifact for digest '1.1.0@\(nextDigest)'"), "\(once.stdout)")
        let exported = bed.directory.appendingPathComponent("app.tar.gz").path
        let export = try await ChildProcess.run("source-controller", ["artifact", "export", "ocirepository", "default/app", "-o", exported] + bed.common)
        #expect(export.status == 0, "\(export.stderr)")
        await #expect(try Shell.run("tar", ["-xzOf", exported, "deploy/app.yaml"]) == "kind: Secret\n")

        // Deletion: the finalizer removes the artifacts.
        try await bed.kubectl(["delete", "ocirepository", "app", "--timeout=60s"])
        let gone = try await ChildProcess.run("source-controller", ["artifact", "export", "ocirepository", "default/app", "-o", exported] + bed.common)
        #expect(gone.stderr.contains("no artifact stored"))
        controller.signal(SIGTERM)
        #expect(try await controller.wait(timeout: .seconds(20)) == 0, "\(controller.stderr)")
    }

    @Test func aKustomizationWaitingForItsOCIRepositoryIsAppliedWhenTheArtifactArrives() async throws {
        let bed = try await ControllerProcessBed.start("oci-ks")
        defer { bed.stop() }
        let registry = try await RegistryServer.start(in: bed.directory)
        defer { registry.stop() }
        let content = bed.directory.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-oci\n  namespace: default\n".utf8)
            .write(to: content.appendingPathComponent("deploy/cm.yaml"))
        _ = try await push(content, to: registry.url("apps/ks") + ":latest", revision: "main@sha1:abc")
        // A missing source is checked again only after 10 minutes: only the OCIRepository watch can start the apply.
        let kustomize = try bed.run("kustomize-controller", ["--requeue-dependency", "10m"])
        defer { kustomize.signal(SIGKILL) }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: default
            spec:
              interval: 10m
              path: ./deploy
              prune: true
              sourceRef:
                kind: OCIRepository
                name: apps
            """)
        try await eventually(timeout: .seconds(60)) {
            try await bed.field("kustomization", "apps", ".status.conditions[?(@.type==\"Ready\")].status") == "False"
        }
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0"])
        defer { source.signal(SIGKILL) }
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: apps
              namespace: default
            spec:
              interval: 10m
              url: \(registry.url("apps/ks"))
              insecure: true
            """)
        try await eventually(timeout: .seconds(90)) {
            (try? await bed.kubectl(["get", "configmap", "from-oci", "-n", "default", "-o", "name"]))?.contains("configmap/from-oci") == true
        }
        await #expect(try bed.field("kustomization", "apps", ".status.lastAppliedRevision").hasPrefix("latest@sha256:"))
    }

    /// `sluice push artifact` of `content` to `url` (plain HTTP); the pushed manifest's digest.
    private func push(_ content: URL, to url: String, revision: String) async throws -> String {
        let pushed = try await ChildProcess.run("sluice", ["push", "artifact", url, "--path", content.path, "--source", "https://example.com/app.git",
                                                           "--revision", revision, "--insecure-registry"])
        #expect(pushed.status == 0, "\(pushed.stderr)")
        return pushed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
