import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import HelmController

/// `spec.serviceAccountName` and `--default-service-account` on a HelmRelease against the real `sluice cluster serve`
/// with its RBAC: Helm's storage and actions act as the tenant's ServiceAccount; a chart writing what its RoleBinding
/// does not allow fails the action with the server's 403.
@Suite(.serialized) struct HelmReleaseImpersonationTests {
    static let clusterRole = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: {{ .Release.Name }}-escape
        rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get"]
        """

    /// The bed with the ServiceAccount `default/tenant` bound to ClusterRole `admin` in `default` only, and a
    /// controller whose reconciler has `defaultServiceAccount`.
    static func start(templates: [String: String], defaultServiceAccount: String? = nil) async throws
        -> (HelmInputsTestBed, Controller<HelmReleaseReconciler>)
    {
        let (bed, _) = try await HelmReleaseReconcileTests.start(templates: templates)
        try await bed.cluster.kubectl(["create", "serviceaccount", "tenant", "-n", "default"])
        try await bed.cluster.kubectl(["create", "rolebinding", "tenant-admin", "--clusterrole=admin", "--serviceaccount=default:tenant", "-n", "default"])
        let controller = Controller(reconciler: bed.reconciler(defaultServiceAccount: defaultServiceAccount), api: bed.api, store: bed.store,
                                    events: EventRecorder(store: bed.store, controller: "helm-controller", instance: "test", logger: bed.logger),
                                    metrics: ControllerMetrics(), logger: bed.logger)
        return (bed, controller)
    }

    @Test func theTenantInstallsInItsNamespaceAndAChartWritingAClusterRoleFails() async throws {
        let (bed, controller) = try await Self.start(templates: ["templates/configmap.yaml": HelmReleaseReconcileTests.configMap])
        defer { bed.stop() }
        try await bed.apply(HelmReleaseReconcileTests.helmRelease(extra: "  serviceAccountName: tenant"))
        let installed = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(installed.isReady, "\(installed.report)")
        #expect(try await bed.cluster.kubectl(["get", "secrets", "-n", "default", "-l", "owner=helm,name=demo", "-o", "name"])
            .contains("secret/sh.helm.release.v1.demo.v1"))
        #expect(try await bed.api.get(GroupVersionKind(apiVersion: "v1", kind: "ConfigMap"), namespace: "default", name: "demo-settings") != nil)

        // Version 2 adds a ClusterRole: the upgrade is refused by the server as the tenant, with its message.
        try await HelmReleaseReconcileTests.publish(bed, version: "2.0.0", templates: ["templates/configmap.yaml": HelmReleaseReconcileTests.configMap,
                                                                                       "templates/role.yaml": Self.clusterRole])
        let refused = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(!refused.isReady, "\(refused.report)")
        let object = try await bed.helmRelease("demo")
        let released = HelmReleaseReconcileTests.condition(object, "Released")
        #expect(released?.reason == "UpgradeFailed", "\(refused.report)")
        #expect(released?.message.hasPrefix("Helm upgrade failed for release default/demo with chart demo@2.0.0: ") == true, "\(refused.report)")
        #expect(released?.message.contains(#"User "system:serviceaccount:default:tenant" cannot"#) == true, "\(refused.report)")
        #expect(try await bed.api.get(GroupVersionKind(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole"), namespace: nil, name: "demo-escape") == nil)
    }

    @Test func aMissingAccountIsNamedAndTheDefaultAccountAppliesToReleasesNamingNone() async throws {
        let (bed, controller) = try await Self.start(templates: ["templates/role.yaml": Self.clusterRole], defaultServiceAccount: "tenant")
        defer { bed.stop() }
        try await bed.apply(HelmReleaseReconcileTests.helmRelease(extra: "  serviceAccountName: ghost"))
        let missing = await controller.reconcile(HelmReleaseReconcileTests.key)
        #expect(missing.failure == .generic(reason: "ReconciliationFailed", message: #"ServiceAccount "default/ghost" not found"#), "\(missing.report)")
        #expect(try await bed.cluster.kubectl(["get", "secrets", "-n", "default", "-l", "owner=helm,name=demo", "-o", "name"]).isEmpty)

        // Without serviceAccountName, --default-service-account: the install as default/tenant is refused.
        try await bed.apply(HelmReleaseReconcileTests.helmRelease())
        let refused = await controller.reconcile(HelmReleaseReconcileTests.key)
        let released = HelmReleaseReconcileTests.condition(try await bed.helmRelease("demo"), "Released")
        #expect(released?.reason == "InstallFailed", "\(refused.report)")
        #expect(released?.message.contains(#"User "system:serviceaccount:default:tenant" cannot"#) == true, "\(refused.report)")
        #expect(try await bed.api.get(GroupVersionKind(apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole"), namespace: nil, name: "demo-escape") == nil)
    }
}
