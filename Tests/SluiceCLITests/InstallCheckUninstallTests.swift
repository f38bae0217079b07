import Foundation
import SluiceTestSupport
import Testing

/// `sluice install [--export]`, `sluice check [--pre]` and `sluice uninstall` with the built `sluice` against a real
/// `sluice cluster serve` (its Deployments' status simulated) and the real kubectl.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built sluice and kubectl"))
struct InstallCheckUninstallTests {
    @Test func exportedComponentsPassAServerSideDryRun() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: cluster.directory.appendingPathComponent("store.db").path)
        let exported = try await Shell.execute(BuiltExecutables.url("sluice").path, ["install", "--export"])
        #expect(exported.status == 0, "\(exported.stderr)")
        let yaml = exported.stdout
        #expect(yaml.contains("image: ghcr.io/sluice-gitops/sluice:v"))
        #expect(yaml.contains("namespace: flux-system"))
        #expect(!yaml.contains("sluice-system"))
        for controller in ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"] {
            #expect(yaml.contains("- /usr/local/bin/\(controller)"), "\(controller) has a Deployment")
        }
        // tini is PID 1 in every controller's container: it reaps the gpg processes gpgme leaves to PID 1.
        #expect(yaml.components(separatedBy: "- /usr/bin/tini").count - 1 == 4)
        // A server-side dry run creates nothing, not even the namespace or the CRDs the rest needs: as on any cluster,
        // the namespace must exist; the CRDs are dry-run on their own.
        try await sluice.kubectl(["create", "namespace", "flux-system"])
        let output = try await sluice.kubectl(["apply", "--server-side", "--dry-run=server", "-f", "-"], input: yaml)
        for controller in ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"] {
            #expect(output.contains("deployment.apps/\(controller) serverside-applied (server dry run)"), "\(output)")
        }
        #expect(output.contains("customresourcedefinition.apiextensions.k8s.io/gitrepositories.source.toolkit.fluxcd.io serverside-applied"))
        #expect(output.contains("networkpolicy.networking.k8s.io/allow-webhooks serverside-applied (server dry run)"))

        // --components-extra names Flux controllers Sluice does not have: refused, naming them.
        let extra = try await Shell.execute(BuiltExecutables.url("sluice").path,
                                            ["install", "--export", "--components-extra", "image-reflector-controller"])
        #expect(extra.status != 0)
        #expect(extra.stderr.contains("image-reflector-controller"), "\(extra.stderr)")
    }

    @Test func checkInstallCheckAgainIdempotentThenUninstall() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: cluster.directory.appendingPathComponent("store.db").path)

        let pre = try await sluice("check", "--pre")
        #expect(pre.status == 0, "\(pre.stderr)")
        #expect(pre.stderr.contains("✔ Kubernetes v1.32.0"), "\(pre.stderr)")
        #expect(pre.stderr.contains("✔ prerequisites checks passed"))

        // Nothing installed: the full check fails, naming what is missing.
        let before = try await sluice("check", "--data", cluster.directory.appendingPathComponent("no-up").path)
        #expect(before.status == 1)
        #expect(before.stderr.contains("✗ no controllers found in the 'flux-system' namespace"), "\(before.stderr)")
        #expect(before.stderr.contains("✗ gitrepositories.source.toolkit.fluxcd.io: not installed"), "\(before.stderr)")

        let install = try await sluice("install", "--timeout", "2m")
        #expect(install.status == 0, "\(install.stderr)")
        #expect(install.stderr.contains("✔ helm-controller: deployment ready"), "\(install.stderr)")
        #expect(install.stderr.contains("✔ install finished"))
        let after = try await sluice("check")
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stderr.contains("✔ source-controller: deployment ready"))
        #expect(after.stderr.contains("✔ kustomizations.kustomize.toolkit.fluxcd.io/v1"), "\(after.stderr)")
        #expect(after.stderr.contains("✔ all checks passed"))

        // A second install changes nothing: no object's generation moves.
        let generations = { try await sluice.kubectl(["get", "deployments", "-n", "flux-system", "-o", "jsonpath={.items[*].metadata.generation}"]) }
        let first = try await generations()
        #expect(try await sluice("install", "--timeout", "2m").status == 0)
        #expect(try await generations() == first)

        // A Flux object with a finalizer does not hold the uninstall up.
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: app
              namespace: default
              finalizers: [finalizers.fluxcd.io]
            spec:
              interval: 1m
              url: https://example.com/app.git

            """)
        let refused = try await Shell.execute(BuiltExecutables.url("sluice").path, ["uninstall", "--kubeconfig", cluster.kubeconfig],
                                              input: Data("n\n".utf8))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("aborting"))
        let dry = try await sluice("uninstall", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stderr.contains("✔ Deployment/flux-system/source-controller deleted (dry run)"), "\(dry.stderr)")
        #expect(try await sluice.kubectl(["get", "deployment", "source-controller", "-n", "flux-system", "-o", "name"])
            == "deployment.apps/source-controller\n")

        let uninstall = try await sluice("uninstall", "--silent", "--timeout", "2m")
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(uninstall.stderr.contains("✔ GitRepository/default/app finalizers deleted"), "\(uninstall.stderr)")
        #expect(uninstall.stderr.contains("✔ CustomResourceDefinition/gitrepositories.source.toolkit.fluxcd.io deleted"))
        #expect(uninstall.stderr.contains("✔ ClusterRole/sluice-source-controller deleted"))
        #expect(uninstall.stderr.contains("✔ uninstall finished"))
        try await eventually(timeout: .seconds(60)) {
            (try? await sluice.kubectl(["get", "namespace", "flux-system", "-o", "name"])) == nil
        }
        let crds = try await sluice.kubectl(["get", "crd", "-o", "name"])
        #expect(!crds.contains("fluxcd.io"), "\(crds)")
        #expect(try await sluice.kubectl(["get", "clusterrolebindings", "-l", "app.kubernetes.io/part-of=sluice", "-o", "name"]).isEmpty)
    }
}
