import Foundation
import SluiceTestSupport
import Testing

/// The real `kustomize-controller` run with `--default-service-account`: a Kustomization without `serviceAccountName`
/// applies as that account of its namespace, so what the account may not write fails with the server's 403.
@Suite(.enabled(if: BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct KustomizeControllerDefaultServiceAccountProcessTests {
    @Test func theDefaultServiceAccountFlagMakesTheControllerApplyAsTheTenant() async throws {
        let bed = try await ControllerProcessBed.start("kustomize-lockdown")
        defer { bed.stop() }
        try await bed.kubectl(["create", "namespace", "other"])
        try await bed.kubectl(["create", "serviceaccount", "tenant", "-n", "default"])
        try await bed.kubectl(["create", "rolebinding", "tenant-admin", "--clusterrole=admin", "--serviceaccount=default:tenant", "-n", "default"])
        try await bed.fixture.commit([
            "deploy/mine.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: mine\ndata:\n  a: b\n"),
            "deploy/theirs.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: theirs\n  namespace: other\ndata:\n  a: b\n"),
        ], message: "Tenant writes outside its namespace")
        try await bed.fixture.push()
        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller", ["--default-service-account", "tenant"])
        defer { kustomize.signal(SIGKILL) }
        try await bed.applyApp(extra: "")
        let ready = #".status.conditions[?(@.type=="Ready")].message"#
        try await bed.waitFor("the 403", logs: ["kustomize-controller": kustomize, "source-controller": source]) {
            try await bed.field("kustomization", "app", ready).contains("forbidden")
        }
        let message = try await bed.field("kustomization", "app", ready)
        #expect(message.hasPrefix("ConfigMap/other/theirs dry-run failed (Forbidden): "), "\(message)")
        #expect(message.contains(#"User "system:serviceaccount:default:tenant" cannot patch resource "configmaps""#), "\(message)")
        // Nothing of the refused stage was applied.
        await #expect(try bed.kubectl(["get", "configmaps", "-n", "default", "-o", "name"]).contains("configmap/mine") == false)
        await #expect(try bed.kubectl(["get", "configmaps", "-n", "other", "-o", "name"]).contains("configmap/theirs") == false)
    }
}
