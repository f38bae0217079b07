import Foundation
import SluiceTestSupport
import Testing

/// `Deploy/default` with the real `kubectl kustomize`, and the `Containerfile` read as text.
@Suite struct DeployManifestTests {
    static let executables = ["sluice", "source-controller", "kustomize-controller", "helm-controller", "notification-controller"]

    /// The rendered install manifests, one YAML stream.
    static func rendered() async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl!, ["kustomize", BuiltExecutables.repositoryRoot.appendingPathComponent("Deploy/default").path])
    }

    @Test(.enabled(if: BuiltExecutables.kubectl != nil, "needs kubectl"))
    func kustomizeBuildsEveryPart() async throws {
        let yaml = try await Self.rendered()
        let kinds = yaml.split(separator: "\n").filter { $0.hasPrefix("kind: ") }.map { String($0.dropFirst(6)) }
        func count(_ kind: String) -> Int { kinds.filter { $0 == kind }.count }
        // Every generated CRD is installed.
        let crds = try FileManager.default.contentsOfDirectory(atPath: BuiltExecutables.repositoryRoot.appendingPathComponent("Config/crd/bases").path)
            .filter { $0.hasSuffix(".yaml") }
        #expect(count("CustomResourceDefinition") == crds.count && crds.count == 11)
        #expect(count("Namespace") == 1)
        #expect(count("ServiceAccount") == 4)
        #expect(count("Deployment") == 4)
        #expect(count("PersistentVolumeClaim") == 1)
        #expect(count("Service") >= 1)
        #expect(count("NetworkPolicy") >= 1)
        #expect(count("ClusterRoleBinding") == 4)
        #expect(yaml.contains("name: flux-system"))
        #expect(yaml.contains("ReadWriteOnce"))
        #expect(yaml.contains("podAffinity"))
        for controller in Self.executables.dropFirst() {
            #expect(yaml.contains("- /usr/bin/tini\n        - --\n        - /usr/local/bin/\(controller)"), "\(controller) has a Deployment under tini")
        }
        // Every Deployment: probes, metrics, limits, a locked-down container.
        for needle in ["readOnlyRootFilesystem: true", "runAsNonRoot: true", "path: /healthz", "path: /readyz",
                       "--metrics-addr=0.0.0.0:8080", "--health-addr=0.0.0.0:9440", "limits:", "claimName: sluice-store",
                       "--enable-leader-election", "name: POD_NAMESPACE", "fieldPath: metadata.namespace"] {
            #expect(yaml.components(separatedBy: needle).count - 1 >= 4, "every Deployment has \(needle)")
        }
        #expect(yaml.contains("--receiver-addr=0.0.0.0:9292"))
        #expect(yaml.contains("targetPort: http-webhook"))
        // Leader election: every controller's service account may manage Leases in flux-system.
        #expect(yaml.contains("name: sluice-leader-election"))
        #expect(yaml.contains("- coordination.k8s.io"))
        #expect(yaml.contains("- leases"))
        // Only the appliers are cluster-admin (one binding, Flux's `cluster-reconciler`); the other two have their own
        // roles (DeployRBACAgreementTests checks the subjects).
        #expect(yaml.components(separatedBy: "name: cluster-admin").count - 1 == 1)
        #expect(yaml.contains("name: cluster-reconciler"))
    }

    @Test(.enabled(if: BuiltExecutables.kubectl != nil, "needs kubectl"))
    func clusterAcceptsTheInstallOnServerDryRun() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        // A server-side dry run creates nothing, not even the namespace the rest goes into: as on any cluster, it must exist.
        try await Shell.run(BuiltExecutables.kubectl!, ["--kubeconfig", cluster.kubeconfig, "create", "namespace", "flux-system"])
        let output = try await Shell.run(BuiltExecutables.kubectl!, [
            "--kubeconfig", cluster.kubeconfig, "apply", "--dry-run=server",
            "-k", BuiltExecutables.repositoryRoot.appendingPathComponent("Deploy/default").path,
        ])
        for controller in Self.executables.dropFirst() {
            #expect(output.contains("deployment.apps/\(controller) created (server dry run)"))
        }
        #expect(output.contains("networkpolicy.networking.k8s.io/allow-webhooks created (server dry run)"))
        #expect(output.contains("customresourcedefinition.apiextensions.k8s.io/gitrepositories.source.toolkit.fluxcd.io"))
    }

    @Test func containerfileBuildsEveryExecutableWithItsRuntimeLibraries() throws {
        let root = BuiltExecutables.repositoryRoot
        let containerfile = try String(contentsOf: root.appendingPathComponent("Containerfile"), encoding: .utf8)
        let package = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        // The products Package.swift declares are exactly the executables the image holds.
        let products = package.components(separatedBy: ".executable(name: \"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(Set(products) == Set(Self.executables))
        for executable in Self.executables {
            #expect(containerfile.contains("--product \(executable)"), "builds \(executable)")
            #expect(containerfile.contains("/out/\(executable)"), "copies \(executable) into the runtime image")
        }
        #expect(containerfile.contains("--static-swift-stdlib"))
        #expect(containerfile.components(separatedBy: "FROM ").count - 1 >= 2, "multi-stage")
        let runtime = try #require(containerfile.components(separatedBy: "FROM ").last)
        #expect(runtime.contains("libgit2"))
        #expect(runtime.contains("libsqlite3"))
        // gpgme is linked, and it runs gpg and gpg-agent for SOPS's OpenPGP keys.
        #expect(containerfile.contains("libgpgme-dev"))
        // tini is PID 1 in the controllers' pods (Deploy/manager and `install --export` run it): it reaps what gpgme leaves.
        for package in ["libgpgme11", "gnupg", "gpg-agent", "tini"] { #expect(runtime.contains(package), "runtime has \(package)") }
        #expect(runtime.contains("USER 65532"))
    }
}
