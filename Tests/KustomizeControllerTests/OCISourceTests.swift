import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import KustomizeController
@testable import SourceController

/// A Kustomization whose source is an OCIRepository, end to end: a directory pushed to the real registry with the
/// built `sluice push artifact` (basic auth from a Docker config), listed, tagged and pulled back with the CLI,
/// pulled by the OCIRepository reconciler, applied by the Kustomization reconciler.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable,
                             "needs the built `sluice`, kubectl and docker-registry"))
struct OCISourceTests {
    @Test func anArtifactPushedWithTheCLIIsAppliedThroughAnOCIRepository() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let registry = try await RegistryServer.start(basicAuth: ("ci", "push-secret"), in: bed.directory)
        defer { registry.stop() }
        let content = bed.directory.appendingPathComponent("content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        try Data("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-oci\ndata:\n  k: v\n".utf8)
            .write(to: content.appendingPathComponent("deploy/cm.yaml"))
        let dockerConfig = bed.directory.appendingPathComponent("docker")
        try FileManager.default.createDirectory(at: dockerConfig, withIntermediateDirectories: true)
        try Data(#"{"auths":{"http://\#(registry.host)":{"username":"ci","password":"push-secret"}}}"#.utf8)
            .write(to: dockerConfig.appendingPathComponent("config.json"))
        let sluice = BuiltExecutables.url("sluice").path
        let environment = ["DOCKER_CONFIG": dockerConfig.path]
        let url = registry.url("apps/manifests")

        let digest = try await Shell.run(sluice, ["push", "artifact", url + ":v1.0.0", "--path", content.path, "--source", "https://example.com/apps.git",
                                                  "--revision", "main@sha1:1111111111111111111111111111111111111111", "--annotations", "team=apps",
                                                  "--insecure-registry"], environment: environment)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(digest.hasPrefix("sha256:"))
        try await Shell.run(sluice, ["tag", "artifact", url + ":v1.0.0", "--tag", "production", "--insecure-registry"], environment: environment)
        let listing = try await Shell.run(sluice, ["list", "artifacts", url, "--insecure-registry"], environment: environment)
        #expect(listing.contains("\(registry.host)/apps/manifests:production\t\(digest)"), "\(listing)")
        #expect(listing.contains("https://example.com/apps.git"))
        let pulled = bed.directory.appendingPathComponent("pulled")
        try await Shell.run(sluice, ["pull", "artifact", url + ":production", "--output", pulled.path, "--insecure-registry"], environment: environment)
        #expect(try String(contentsOf: pulled.appendingPathComponent("deploy/cm.yaml"), encoding: .utf8).contains("from-oci"))
        let refused = try await Shell.execute(sluice, ["list", "artifacts", url, "--insecure-registry", "--creds", "ci:wrong-pass"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("unauthorized") && !refused.stderr.contains("wrong-pass"), "\(refused.stderr)")

        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata:
              name: registry
              namespace: default
            type: kubernetes.io/dockerconfigjson
            data:
              .dockerconfigjson: \(try Data(contentsOf: dockerConfig.appendingPathComponent("config.json")).base64EncodedString())
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: apps
              namespace: default
            spec:
              interval: 10m
              url: \(url)
              insecure: true
              ref:
                tag: production
              secretRef:
                name: registry
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: default
            spec:
              interval: 10m
              path: ./deploy
              prune: true
              timeout: 5s
              sourceRef:
                kind: OCIRepository
                name: apps
            """)
        let source = Controller(reconciler: OCIRepositoryReconciler(artifactBaseURL: { "http://127.0.0.1:9090" }, workDirectory: bed.directory),
                                api: bed.api, store: bed.store,
                                events: EventRecorder(store: bed.store, controller: "source-controller", instance: "test", logger: bed.logger),
                                metrics: ControllerMetrics(), logger: bed.logger)
        let pulledOutcome = await source.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(pulledOutcome.isReady, "\(pulledOutcome.report)")
        let applied = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(applied.isReady, "\(applied.report)")
        let kustomization = try await bed.kustomization("apps")
        #expect(kustomization.status?.lastAppliedRevision == "production@\(digest)")
        let configMap = try #require(try await bed.object("v1", "ConfigMap", "from-oci"))
        #expect(configMap["data", "k"] == .string("v"))
    }
}
