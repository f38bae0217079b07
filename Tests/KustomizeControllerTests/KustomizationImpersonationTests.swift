import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import KustomizeController

/// `spec.serviceAccountName` and `--default-service-account` against the real `sluice cluster serve` with its RBAC:
/// the apply, prune and finalization act as the tenant's ServiceAccount, and what its RoleBinding does not allow fails
/// with the server's 403, applies nothing and prunes nothing.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct KustomizationImpersonationTests {
    /// The tenant as the platform admin sets it up: the ServiceAccount `default/tenant` bound to ClusterRole `admin` in
    /// `default` only, and a namespace `other` it has no rights in.
    static func tenant(_ bed: KustomizeTestBed) async throws {
        try await bed.kubectl(["create", "namespace", "other"])
        try await bed.kubectl(["create", "serviceaccount", "tenant", "-n", "default"])
        try await bed.kubectl(["create", "rolebinding", "tenant-admin", "--clusterrole=admin", "--serviceaccount=default:tenant", "-n", "default"])
    }

    static func configMap(_ name: String, namespace: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\ndata:\n  value: one\n"
    }

    static let clusterRole = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: tenant-escape\nrules:\n- apiGroups: [\"\"]\n  resources: [\"secrets\"]\n  verbs: [\"get\"]\n"

    @Test func theTenantAppliesInItsNamespaceAndAWriteElsewhereFailsWithNothingAppliedOrPruned() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await Self.tenant(bed)
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "tenant")
        try await bed.publish(["deploy/settings.yaml": Self.configMap("settings", namespace: "default")])
        try await bed.applyKustomization("tenant", extra: "  serviceAccountName: tenant")
        let first = await controller.reconcile(key)
        #expect(first.isReady, "\(first.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)

        // A commit that drops `settings`, adds `fresh` in the tenant's namespace and `intruder` in another: the dry run of
        // `intruder` is refused before anything is written, so `fresh` is not created and `settings` is not pruned.
        try await bed.publish(["deploy/fresh.yaml": Self.configMap("fresh", namespace: "default"),
                               "deploy/intruder.yaml": Self.configMap("intruder", namespace: "other")],
                              removing: ["deploy/settings.yaml"])
        let refused = await controller.reconcile(key)
        let message = refused.failure?.message ?? ""
        #expect(refused.failure?.reason == "ReconciliationFailed", "\(refused.report)")
        #expect(message.hasPrefix("ConfigMap/other/intruder dry-run failed (Forbidden): "), "\(message)")
        #expect(message.contains(#"User "system:serviceaccount:default:tenant" cannot"#), "\(message)")
        #expect(message.contains(#"in the namespace "other""#), "\(message)")
        #expect(try await bed.object("v1", "ConfigMap", "intruder", namespace: "other") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "fresh") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
        let status = try await bed.kustomization("tenant")
        #expect(status.conditions.first { $0.type == "Ready" }?.message == message)
        #expect(status.status?.inventory?.entries.map(\.id) == ["default_settings__ConfigMap"])
        #expect(try bed.events(for: "tenant").contains { $0.severity == .error && $0.message == message })

        // A ClusterRole (the first stage) is refused the same way.
        try await bed.publish(["deploy/role.yaml": Self.clusterRole], removing: ["deploy/intruder.yaml"])
        let escalation = await controller.reconcile(key)
        #expect(escalation.failure?.message.hasPrefix("ClusterRole/tenant-escape dry-run failed (Forbidden): ") == true, "\(escalation.report)")
        #expect(try await bed.object("rbac.authorization.k8s.io/v1", "ClusterRole", "tenant-escape", namespace: nil) == nil)
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)

        // Back within its rights: applied and pruned as the tenant.
        try await bed.publish([:], removing: ["deploy/role.yaml"])
        let back = await controller.reconcile(key)
        #expect(back.isReady, "\(back.report)")
        #expect(try await bed.object("v1", "ConfigMap", "fresh") != nil)
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)
    }

    @Test func theDefaultServiceAccountAppliesToObjectsNamingNoneAndAMissingAccountIsNamed() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await Self.tenant(bed)
        try await bed.publish(["deploy/intruder.yaml": Self.configMap("intruder", namespace: "other")])
        try await bed.applyKustomization("apps")
        let key = ObjectKey(namespace: "default", name: "apps")

        // --default-service-account tenant: the Kustomization without serviceAccountName acts as default/tenant.
        let locked = await bed.controller(defaultServiceAccount: "tenant").reconcile(key)
        #expect(locked.failure?.message.hasPrefix("ConfigMap/other/intruder dry-run failed (Forbidden): ") == true, "\(locked.report)")
        #expect(locked.failure?.message.contains(#"User "system:serviceaccount:default:tenant" cannot"#) == true, "\(locked.report)")
        #expect(try await bed.object("v1", "ConfigMap", "intruder", namespace: "other") == nil)

        // A default account that does not exist in the object's namespace is named, and retried.
        let missing = await bed.controller(defaultServiceAccount: "ghost").reconcile(key)
        #expect(missing.failure == .generic(reason: "ReconciliationFailed", message: #"ServiceAccount "default/ghost" not found"#))

        // Without the flag, the controller's own rights.
        let own = await bed.controller().reconcile(key)
        #expect(own.isReady, "\(own.report)")
        #expect(try await bed.object("v1", "ConfigMap", "intruder", namespace: "other") != nil)
    }

    @Test func finalizationPrunesAsTheTenantAndSkipsWhenItsAccountIsGone() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await Self.tenant(bed)
        let controller = bed.controller()
        try await bed.publish(["deploy/settings.yaml": Self.configMap("settings", namespace: "default")])
        try await bed.applyKustomization("tenant", extra: "  serviceAccountName: tenant")
        try await bed.applyKustomization("orphaned", path: "./kept", extra: "  serviceAccountName: tenant")
        try await bed.publish(["kept/kept.yaml": Self.configMap("kept", namespace: "default")])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "tenant")).isReady)
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "orphaned")).isReady)

        try await bed.kubectl(["delete", "kustomization", "tenant", "--wait=false"])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "tenant")) == .finalized)
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)

        // The account is gone: nothing can be deleted as the tenant, so nothing is, and the object goes away (Flux).
        try await bed.kubectl(["delete", "serviceaccount", "tenant", "-n", "default"])
        try await bed.kubectl(["delete", "kustomization", "orphaned", "--wait=false"])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "orphaned")) == .finalized)
        #expect(try await bed.object("v1", "ConfigMap", "kept") != nil)
    }
}
