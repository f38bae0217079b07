import Foundation
import SluiceTestSupport
import Testing

/// `fluxcd/flux2-multi-tenancy` end to end (`MultiTenancyUpBed`): `sluice up` with upstream's lock-down flags
/// (`--no-cross-namespace-refs --no-remote-bases --default-service-account default`), the platform's Kustomizations
/// applying as `kustomize-controller` (cluster-admin through `cluster-reconciler`, which `sluice up` creates as
/// `flux install` does), the tenant's as `apps:dev-team` (cluster-admin only in `apps`, through the platform's
/// RoleBinding). Then the tenant misbehaves: writing outside its namespace fails with the API server's 403 in its
/// Kustomization's Ready condition, and a Kustomization naming no account applies as `apps:default` and fails the same
/// way; nothing of the platform's is touched, and the tenant's earlier objects stay.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("kustomize-controller")
    && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable, "needs the built executables, kubectl and docker-registry"))
struct MultiTenancyEndToEndTests {
    static let system = "flux-system"
    static let apps = MultiTenancyUpBed.tenantNamespace
    /// The platform's Kustomizations in flux-system, each applying as `kustomize-controller`.
    static let platform = [system, "kyverno", "kyverno-controller", "kyverno-policies", "tenants"]

    @Test
    func tenantAppliesAsItsAccountAndCannotLeaveItsNamespace() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-multi-tenancy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let bed = try await MultiTenancyUpBed.start(in: directory)
        do {
            try await Self.check(bed)
        } catch {
            await bed.stop()
            throw error
        }
        await bed.stop()
    }

    private static func check(_ bed: MultiTenancyUpBed) async throws {
        let apps = Self.apps, system = Self.system
        func ready(_ kind: String, _ name: String, namespace: String) async throws -> Bool {
            try await bed.condition(kind, name, namespace: namespace)?.status == "True"
        }
        // Everything Ready: the platform (kyverno from the registry, its policies, the tenants) and the tenant's app.
        for name in Self.platform {
            try await bed.waitFor("Kustomization \(system)/\(name) Ready") { try await ready("kustomization", name, namespace: system) }
        }
        try await bed.waitFor("Kustomization apps/dev-team Ready") { try await ready("kustomization", "dev-team", namespace: apps) }
        await #expect(try ready("ocirepository", "kyverno-controller", namespace: system))
        await #expect(try ready("gitrepository", "dev-team", namespace: apps))
        // Each applies as upstream says: the sync as `--sync-service-account`'s default under --default-service-account.
        for name in Self.platform {
            await #expect(try bed.field("kustomization", name, namespace: system, ".spec.serviceAccountName") == "kustomize-controller", "\(name)")
        }
        await #expect(try bed.field("kustomization", "dev-team", namespace: apps, ".spec.serviceAccountName") == "dev-team")
        // What `sluice up` made as `flux install` does, and what the platform applied.
        await #expect(try bed.field("clusterrolebinding", "cluster-reconciler", namespace: "", ".subjects[*].name") == "kustomize-controller helm-controller")
        await #expect(try bed.kubectl(["get", "clusterpolicies", "-o", "name"]).split(separator: "\n").sorted()
            == ["clusterpolicy.kyverno.io/verify-flux-images", "clusterpolicy.kyverno.io/verify-git-repositories"])
        await #expect(try bed.field("deployment", "kyverno-admission-controller", namespace: "kyverno", ".status.readyReplicas") == "1")
        await #expect(try bed.field("rolebinding", "gotk-reconciler", namespace: apps, ".roleRef.name") == "cluster-admin")
        // The tenant's app, staging's patch over the base.
        await #expect(try bed.field("deployment", "podinfo", namespace: apps, ".spec.replicas") == "1")
        await #expect(try bed.field("service", "podinfo", namespace: apps, ".spec.ports[0].port") == "9898")
        await #expect(try bed.field("deployment", "podinfo", namespace: apps, ".metadata.labels.kustomize\\.toolkit\\.fluxcd\\.io/name") == "dev-team")
        let applied = try await bed.field("kustomization", "dev-team", namespace: apps, ".status.lastAppliedRevision")
        let platformRevisions = try await Self.revisions(bed)

        // 1. The tenant writes into flux-system and makes a ClusterRole: its account may not, so nothing is applied.
        let escape = try await bed.commitTenant([
            "staging/escape.yaml": .file("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: tenant-escape
                  namespace: flux-system
                data:
                  owner: dev-team
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: tenant-escape
                rules:
                  - apiGroups: ["*"]
                    resources: ["*"]
                    verbs: ["*"]

                """),
            "staging/kustomization.yaml": .file("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../base
                  - escape.yaml
                patches:
                  - path: podinfo-values.yaml

                """),
        ], message: "dev-team: escape")
        try await bed.fetchTenant()
        let message = try await bed.refusal("kustomization", "dev-team", namespace: apps).message ?? ""
        #expect(message.contains(#"is forbidden: User "system:serviceaccount:apps:dev-team" cannot "#), "\(message)")
        #expect(message.contains("tenant-escape"), "\(message)")
        await #expect(try bed.field("kustomization", "dev-team", namespace: apps, ".status.lastAttemptedRevision") == "dev-team@sha1:\(escape)")
        await #expect(try bed.field("kustomization", "dev-team", namespace: apps, ".status.lastAppliedRevision") == applied)
        // Nothing of it landed; the tenant's earlier objects stay; the platform is as it was.
        await #expect(try bed.kubectl(["get", "configmaps", "-n", system, "--field-selector", "metadata.name=tenant-escape", "-o", "name"]) == "")
        await #expect(try bed.kubectl(["get", "clusterroles", "--field-selector", "metadata.name=tenant-escape", "-o", "name"]) == "")
        await #expect(try bed.field("deployment", "podinfo", namespace: apps, ".spec.replicas") == "1")
        await #expect(try bed.field("serviceaccount", "dev-team", namespace: apps, ".metadata.name") == "dev-team")
        await #expect(try Self.revisions(bed) == platformRevisions)

        // 2. The tenant adds a Kustomization naming no account: under --default-service-account default it applies as
        // apps:default, which no RoleBinding names.
        let unnamed = try await bed.commitTenant([
            "staging/kustomization.yaml": .file("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../base
                  - nested.yaml
                patches:
                  - path: podinfo-values.yaml

                """),
            "staging/nested.yaml": .file("""
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: nested
                  namespace: apps
                spec:
                  interval: 5m
                  sourceRef:
                    kind: GitRepository
                    name: dev-team
                  path: ./nested
                  prune: true

                """),
            "nested/settings.yaml": .file("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: apps
                data:
                  greeting: hello

                """),
        ], removing: ["staging/escape.yaml"], message: "dev-team: a Kustomization without serviceAccountName")
        try await bed.fetchTenant()
        try await bed.waitFor("Kustomization apps/dev-team applied \(unnamed)") {
            try await bed.field("kustomization", "dev-team", namespace: apps, ".status.lastAppliedRevision") == "dev-team@sha1:\(unnamed)"
        }
        let nested = try await bed.refusal("kustomization", "nested", namespace: apps).message ?? ""
        #expect(nested.contains(#"is forbidden: User "system:serviceaccount:apps:default" cannot "#), "\(nested)")
        await #expect(try bed.kubectl(["get", "configmaps", "-n", apps, "--field-selector", "metadata.name=settings", "-o", "name"]) == "")
        await #expect(try bed.field("deployment", "podinfo", namespace: apps, ".spec.replicas") == "1")
        await #expect(try Self.revisions(bed) == platformRevisions)
        for name in Self.platform {
            await #expect(try ready("kustomization", name, namespace: system), "\(name)")
        }
    }

    /// Each platform Kustomization's last applied revision, to tell that none re-applied or pruned anything.
    private static func revisions(_ bed: MultiTenancyUpBed) async throws -> [String] {
        var revisions: [String] = []
        for name in platform {
            revisions.append(try await bed.field("kustomization", name, namespace: system, ".status.lastAppliedRevision"))
        }
        return revisions
    }
}
