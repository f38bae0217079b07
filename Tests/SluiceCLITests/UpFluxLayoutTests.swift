import Foundation
import SluiceTestSupport
import Testing

/// `sluice up --repo … --path clusters/staging` on a repository laid out as `flux bootstrap` leaves one (the shape of
/// `fluxcd/flux2-kustomize-helm-example`): the real API server, the four real controllers, a real Git repository.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("notification-controller")
    && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct UpFluxLayoutTests {
    /// `clusters/staging` with Flux's placeholder `flux-system/` directory and a Kustomization `apps` whose source is
    /// the GitRepository `flux-system`, which only `sluice up` makes.
    static let files: [String: GitFixture.Content] = [
        "clusters/staging/flux-system/gotk-components.yaml": .file("# This file will be generated automatically by flux boostrap.\n"),
        "clusters/staging/flux-system/gotk-sync.yaml": .file("# This file will be generated automatically by flux boostrap.\n"),
        "clusters/staging/flux-system/kustomization.yaml": .file("""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - gotk-components.yaml
              - gotk-sync.yaml
            patches:
              - patch: |
                  - op: add
                    path: /spec/template/spec/containers/0/args/-
                    value: --concurrent=20
                target:
                  kind: Deployment
                  name: "(kustomize-controller|helm-controller|source-controller)"

            """),
        "clusters/staging/apps.yaml": .file("""
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              interval: 10m0s
              sourceRef:
                kind: GitRepository
                name: flux-system
              path: ./apps/staging
              prune: true

            """),
        "apps/staging/kustomization.yaml": .file("""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: default
            resources:
              - settings.yaml

            """),
        "apps/staging/settings.yaml": .file("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              cluster: staging

            """),
    ]

    @Test func upOnceSyncsClustersStagingThroughFluxSystemAndGetListsItWithoutNamespace() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-flux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let fixture = try await GitFixture(name: "fleet")
        defer { fixture.cleanUp() }
        try await fixture.commit(Self.files, message: "staging")
        try await fixture.push()

        let up = try await Shell.execute(BuiltExecutables.url("sluice").path, [
            "up", "--once", "--repo", fixture.bare.path, "--path", "clusters/staging", "--data", data.path,
            "--receiver-addr", "127.0.0.1:0", "--timeout", "3m",
        ])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stderr.contains("as GitRepository and Kustomization flux-system/flux-system"), "\(up.stderr)")
        // The nested Kustomization is followed to Ready, not only the one sluice up made.
        #expect(up.stderr.contains("✔ Kustomization flux-system/apps: Applied revision: main@sha1:"), "\(up.stderr)")
        #expect(up.stdout.contains("applied by Kustomization flux-system/flux-system (1 objects):"), "\(up.stdout)")

        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        // Flux's gotk-sync.yaml shape.
        let repository = try await cluster.kubectl(["get", "gitrepository", "flux-system", "-n", "flux-system",
                                                    "-o", "jsonpath={.spec.interval} {.spec.ref.branch} {.spec.url}"])
        #expect(repository == "1m0s main file://\(fixture.bare.standardizedFileURL.path)")
        let kustomization = try await cluster.kubectl(["get", "kustomization", "flux-system", "-n", "flux-system",
                                                       "-o", "jsonpath={.spec.interval} {.spec.path} {.spec.prune} {.spec.sourceRef.name}"])
        #expect(kustomization == "10m0s ./clusters/staging true flux-system")
        #expect(try await cluster.kubectl(["get", "configmap", "settings", "-n", "default", "-o", "jsonpath={.data.cluster}"]) == "staging")

        // Right after, with no -n: the CLI looks in flux-system, as the flux CLI does, whatever the kubeconfig's context says.
        let sluice = SluiceCLI(cluster: cluster, store: data.appendingPathComponent("store.db").path)
        let listed = try await sluice("get", "kustomizations")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("flux-system") && listed.stdout.contains("apps"), "\(listed.stdout)")
        let elsewhere = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                                ["get", "kustomizations", "--kubeconfig", cluster.kubeconfig],
                                                environment: ["FLUX_SYSTEM_NAMESPACE": "default"])
        #expect(!elsewhere.stdout.contains("apps"), "\(elsewhere.stdout)")
        let invalid = try await Shell.execute(BuiltExecutables.url("sluice").path, ["get", "kustomizations", "-n", "Not_A_Label",
                                                                                    "--kubeconfig", cluster.kubeconfig])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("namespace must be a valid DNS label"), "\(invalid.stderr)")
    }

    @Test func upNamesTheSyncObjectsWithNamespaceAndName() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-flux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let up = try await Shell.execute(BuiltExecutables.url("sluice").path, [
            "up", "--once", "--namespace", "gitops", "--name", "hello", "--data", data.path,
            "--receiver-addr", "127.0.0.1:0", "--timeout", "3m",
        ])
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("applied by Kustomization gitops/hello (4 objects):"), "\(up.stdout)")
        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: data.appendingPathComponent("store.db").path)
        let listed = try await sluice("get", "sources", "git", "-n", "gitops")
        #expect(listed.stdout.contains("hello"), "\(listed.stdout)")
    }
}
