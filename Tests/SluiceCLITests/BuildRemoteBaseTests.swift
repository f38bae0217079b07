import Foundation
import SluiceTestSupport
import Testing

/// `sluice build kustomization` fetches remote bases as the kustomize-controller does (and as `flux build` does), here
/// from a real `git http-backend` on loopback.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct BuildRemoteBaseTests {
    @Test func buildFetchesARemoteBaseAtATag() async throws {
        let (directory, cluster, sluice, _) = try await BuildDiffCommandTests.start()
        defer { try? FileManager.default.removeItem(at: directory) }
        defer { cluster.stopNow() }
        let fixture = try await GitFixture(name: "platform")
        defer { fixture.cleanUp() }
        try await fixture.commit([
            "base/kustomization.yaml": .file("resources:\n- settings.yaml\n"),
            "base/settings.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-settings\ndata:\n  version: \"1\"\n"),
        ], message: "v1")
        try await fixture.tag("v1")
        try await fixture.commit(["base/settings.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-settings\ndata:\n  version: \"2\"\n")],
                                 message: "v2")
        try await fixture.push()
        let server = try await GitHTTPServer.start(root: fixture.served)
        defer { server.stop() }
        let local = directory.appendingPathComponent("remote")
        try FileManager.default.createDirectory(at: local, withIntermediateDirectories: true)
        try Data("resources:\n- \(server.url("platform.git"))//base?ref=v1\n".utf8).write(to: local.appendingPathComponent("kustomization.yaml"))

        let built = try await sluice("build", "kustomization", "app", "-n", "default", "--path", local.path)
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("name: prod-remote-settings") && built.stdout.contains("namespace: apps"), "\(built.stdout)")
        #expect(built.stdout.contains("version: \"1\""), "\(built.stdout)")
    }
}
