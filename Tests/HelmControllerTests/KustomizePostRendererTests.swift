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

/// The kustomize post-renderer against the real `kubectl kustomize` over the same files.
@Suite struct KustomizePostRendererTests {
    static let manifest = """
        ---
        # Source: demo/templates/service.yaml
        apiVersion: v1
        kind: Service
        metadata:
          name: demo
          labels:
            app: demo
        spec:
          selector:
            app: demo
          ports:
          - port: 80
        ---
        # Source: demo/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: demo
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: demo
          template:
            metadata:
              labels:
                app: demo
            spec:
              containers:
              - name: app
                image: ghcr.io/stefanprodan/podinfo:6.5.0
              - name: sidecar
                image: nginx:1.25

        """

    static let renderer = KustomizePostRenderer(
        patches: [
            Patch(patch: """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: not-used
                spec:
                  replicas: 3
                """, target: Selector(kind: "Deployment", name: "demo")),
            Patch(patch: """
                - op: add
                  path: /metadata/annotations
                  value:
                    patched: "true"
                """, target: Selector(version: "v1", kind: "Service", labelSelector: "app=demo")),
        ],
        images: [Image(name: "nginx", newTag: "1.27"), Image(name: "ghcr.io/stefanprodan/podinfo", newName: "example.com/podinfo", digest: "sha256:abc")])

    /// What `kubectl kustomize` prints for the post-renderer's kustomization over `manifest`.
    func kubectlKustomize(_ renderer: KustomizePostRenderer, _ manifest: String) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-postrender-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try manifest.write(to: directory.appendingPathComponent(KustomizePostRenderer.inputName), atomically: true, encoding: .utf8)
        try JSONSerializer().string(renderer.kustomization).write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        return try await Shell.run(BuiltExecutables.kubectl ?? "kubectl", ["kustomize", directory.path])
    }

    @Test func patchesAndImagesAsKubectlKustomize() async throws {
        let output = try Self.renderer.run(Self.manifest, logger: Logger(label: "test"))
        #expect(output == (try await kubectlKustomize(Self.renderer, Self.manifest)))
        #expect(output.contains("replicas: 3"))
        #expect(output.contains("image: nginx:1.27"))
        #expect(output.contains("image: example.com/podinfo@sha256:abc"))
        #expect(output.contains("patched: \"true\""))
    }

    @Test func originLabelsKeepTheOrderAndTouchNoSelector() async throws {
        let origin = KustomizePostRenderer.originLabels(namespace: "apps", name: "demo")
        let output = try origin.run(Self.manifest, logger: Logger(label: "test"))
        #expect(output == (try await kubectlKustomize(origin, Self.manifest)))
        let objects = try YAMLReader().documents(output).compactMap(\.value.objectValue).map(KubeObject.init)
        #expect(objects.map(\.kind) == ["Service", "Deployment"])
        for object in objects {
            #expect(object.labels["helm.toolkit.fluxcd.io/name"] == "demo")
            #expect(object.labels["helm.toolkit.fluxcd.io/namespace"] == "apps")
        }
        #expect(objects[0]["spec", "selector"] == ["app": "demo"])
        #expect(objects[1]["spec", "template", "metadata", "labels"] == ["app": "demo"])
    }

    @Test func theReleasePostRendererRunsTheUsersThenTheOriginLabels() async throws {
        let release = HelmRelease(metadata: ObjectMeta(name: "demo", namespace: "apps"), spec: HelmReleaseSpec(
            interval: GoDuration(nanoseconds: 60_000_000_000),
            postRenderers: [HelmPostRenderer(kustomize: HelmKustomizePostRenderer(patches: Self.renderer.patches, images: Self.renderer.images))]))
        let render = HelmReleasePostRendering.renderer(for: release, logger: Logger(label: "test"))
        let output = try await render(Self.manifest)
        let expected = try KustomizePostRenderer.originLabels(namespace: "apps", name: "demo")
            .run(try Self.renderer.run(Self.manifest, logger: Logger(label: "test")), logger: Logger(label: "test"))
        #expect(output == expected)
        #expect(try await render("\n") == "\n")
        // A patch kustomize refuses fails the render with kustomize's message.
        let broken = HelmRelease(metadata: ObjectMeta(name: "demo", namespace: "apps"), spec: HelmReleaseSpec(
            interval: GoDuration(nanoseconds: 60_000_000_000), postRenderers: [HelmPostRenderer(kustomize: HelmKustomizePostRenderer(patches: [Patch(patch: "- op: remove\n  path: /nope")]))]))
        await #expect(throws: (any Error).self) { try await HelmReleasePostRendering.renderer(for: broken, logger: Logger(label: "test"))(Self.manifest) }
    }
}
