import Foundation
import SluiceTestSupport
import Testing

/// `sluice up`'s multi-tenancy side with the real API server, the four real controller processes and kubectl: the
/// controllers' ServiceAccounts and Flux's RBAC made before syncing (as `flux install`), and the lock-down flags
/// forwarded to the controllers, as `fluxcd/flux2-multi-tenancy` patches Flux's Deployments.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("kustomize-controller")
    && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct UpTenancyTests {
    /// A repository whose `clusters/dev` makes a namespace `team` and a Kustomization there naming the sync's
    /// GitRepository in flux-system: a cross-namespace reference.
    static let files: [String: GitFixture.Content] = [
        "clusters/dev/team.yaml": .file("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: cross
              namespace: team
            spec:
              interval: 10m
              path: ./app
              prune: true
              sourceRef:
                kind: GitRepository
                name: flux-system
                namespace: flux-system

            """),
        "app/settings.yaml": .file("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: team
            data:
              greeting: hello

            """),
    ]

    @Test func upMakesFluxRBACAndForwardsTheLockDownFlags() async throws {
        let sluice = BuiltExecutables.url("sluice").path
        let invalid = try await Shell.execute(sluice, ["up", "--default-service-account", "Not_A_Name"])
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("invalid --default-service-account 'Not_A_Name'"), "\(invalid.stderr)")

        let git = try await GitFixture(name: "tenancy")
        defer { git.cleanUp() }
        try await git.commit(Self.files, message: "team: a cross-namespace Kustomization")
        try await git.push()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-up-tenancy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        func up(_ flags: [String], timeout: String) async throws -> ShellResult {
            try await Shell.execute(sluice, ["up", "--once", "--repo", git.bare.path, "--path", "clusters/dev", "--data", data.path,
                                             "--receiver-addr", "127.0.0.1:0", "--timeout", timeout] + flags)
        }

        // --no-cross-namespace-refs reaches the kustomize-controller: the tenant's reference into flux-system stalls.
        let locked = try await up(["--no-cross-namespace-refs", "--no-remote-bases"], timeout: "3m")
        #expect(locked.status == 1, "\(locked.stderr)")
        #expect(locked.stderr.contains("Kustomization team/cross is not ready: cross-namespace source reference"), "\(locked.stderr)")
        #expect(locked.stderr.contains("(--no-cross-namespace-refs)"), "\(locked.stderr)")

        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"), timeout: .seconds(60))
        func get(_ kind: String, _ name: String, namespace: String = "", _ path: String) async throws -> String {
            try await cluster.kubectl(["get", kind, name] + (namespace.isEmpty ? [] : ["-n", namespace]) + ["-o", "jsonpath={\(path)}"])
        }
        // What `flux install` makes: every controller's account, cluster-admin for the appliers through
        // `cluster-reconciler`, their `crd-controller` role (with impersonate), `flux-edit`/`flux-view` aggregated.
        await #expect(try cluster.kubectl(["get", "serviceaccounts", "-n", "flux-system", "-o", "name"]).split(separator: "\n")
            .filter { $0.hasSuffix("-controller") }.sorted()
            == ["serviceaccount/helm-controller", "serviceaccount/kustomize-controller", "serviceaccount/notification-controller",
                "serviceaccount/source-controller"])
        await #expect(try get("clusterrolebinding", "cluster-reconciler", ".roleRef.name") == "cluster-admin")
        await #expect(try get("clusterrolebinding", "cluster-reconciler", ".subjects[*].name") == "kustomize-controller helm-controller")
        await #expect(try get("clusterrolebinding", "crd-controller", ".subjects[*].name") == "kustomize-controller helm-controller")
        await #expect(try get("clusterrole", "crd-controller", #".rules[?(@.verbs[0]=="impersonate")].resources[0]"#) == "serviceaccounts")
        await #expect(try get("clusterrole", "flux-edit", ".metadata.labels.rbac\\.authorization\\.k8s\\.io/aggregate-to-admin") == "true")
        await #expect(try get("clusterrole", "flux-view", ".metadata.labels.rbac\\.authorization\\.k8s\\.io/aggregate-to-view") == "true")
        // Nothing of the refused Kustomization applied; without --default-service-account the sync names no account.
        await #expect(try cluster.kubectl(["get", "configmaps", "-n", "team", "-o", "name"]).contains("configmap/settings") == false)
        await #expect(try get("kustomization", "flux-system", namespace: "flux-system", ".spec.serviceAccountName") == "")
        cluster.stopNow()

        // --default-service-account: the sync Kustomization applies as kustomize-controller, as upstream patches it
        // (whether it then becomes Ready depends on the API server's impersonation, not on `sluice up`).
        _ = try await up(["--default-service-account", "default"], timeout: "30s")
        let reopened = try await LocalCluster(directory: data.appendingPathComponent("cluster"), timeout: .seconds(60))
        defer { reopened.stopNow() }
        await #expect(try reopened.kubectl(["get", "kustomization", "flux-system", "-n", "flux-system", "-o", "jsonpath={.spec.serviceAccountName}"])
            == "kustomize-controller")
    }
}
