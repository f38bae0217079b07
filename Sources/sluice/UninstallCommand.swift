import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube

/// `sluice uninstall [--keep-namespace] [--dry-run] [--silent]`: removes Sluice's components and custom resources
/// in `flux uninstall`'s order: the controllers (so none re-adds a finalizer), then the finalizers of every Flux
/// object in every namespace (so deleting the CRDs does not hang on them), then the CRDs, then the namespace.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Uninstall Sluice: its controllers, the Flux objects' finalizers, the CRDs and the namespace.",
        discussion: """
            Deletes, in the namespace (-n, default flux-system), the Deployments, Services, NetworkPolicies, service
            accounts, Roles, RoleBindings and the store's volume claim labelled \(Components.partOfLabel)=\(Components.partOf),
            and the cluster roles and bindings so labelled; then removes the finalizers of every Flux object in every
            namespace, deletes Sluice's CRDs (and with them every Flux object), and the namespace unless --keep-namespace.
            Objects the Kustomizations and HelmReleases applied stay. Asks first unless --silent.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("keep-namespace"), help: "Do not delete the namespace.")
    var keepNamespace = false

    @Flag(name: .customLong("dry-run"), help: "Only print what would be deleted.")
    var dryRun = false

    @Flag(name: [.customShort("s"), .customLong("silent")], help: "Do not ask for confirmation.")
    var silent = false

    /// The namespaced kinds of the components, deleted in this order.
    static let namespacedKinds = [
        GroupVersionKind(group: "apps", version: "v1", kind: "Deployment"), GroupVersionKind(group: "", version: "v1", kind: "Service"),
        GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy"),
        GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount"),
        GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "RoleBinding"),
        GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "Role"),
        GroupVersionKind(group: "", version: "v1", kind: "PersistentVolumeClaim"),
    ]
    /// The cluster-scoped kinds of the components.
    static let clusterKinds = [
        GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding"),
        GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole"),
    ]

    func run() async throws {
        let client = try global.client()
        let namespace = global.namespace(for: client)
        if !dryRun && !silent {
            FileHandle.standardError.write(Data("Are you sure you want to delete Sluice and its custom resource definitions? [y/N] ".utf8))
            let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else { throw CLIError("aborting", hint: "pass --silent to skip the question") }
        }
        let suffix = dryRun ? " (dry run)" : ""
        var failures = 0
        let selector = "\(Components.partOfLabel)=\(Components.partOf)"
        Terminal.err("► deleting components in \(namespace) namespace")
        for kind in Self.namespacedKinds + Self.clusterKinds {
            let scope = Self.namespacedKinds.contains(kind) ? namespace : nil
            for object in try await client.listAll(kind, namespace: scope, labelSelector: selector).items {
                failures += await delete(kind, namespace: scope, name: object.name, client: client, suffix: suffix)
            }
        }
        Terminal.err("► deleting toolkit.fluxcd.io finalizers in all namespaces")
        for resource in APIScheme.resources {
            let kind = GroupVersionKind(group: resource.group, version: resource.version, kind: resource.kind)
            guard let objects = try? await client.listAll(kind, namespace: nil).items else { continue }  // CRD not installed
            for object in objects where !(object["metadata", "finalizers"]?.arrayValue ?? []).isEmpty {
                let label = "\(kind.kind)/\(object.namespace ?? "")/\(object.name)"
                do {
                    if !dryRun {
                        _ = try await client.mergePatch(kind, namespace: object.namespace, name: object.name,
                                                        patch: ["metadata": ["finalizers": .null]], subresource: nil)
                    }
                    Terminal.err("✔ \(label) finalizers deleted\(suffix)")
                } catch {
                    Terminal.err("✗ \(label) removing finalizers failed: \(error)")
                    failures += 1
                }
            }
        }
        Terminal.err("► deleting toolkit.fluxcd.io custom resource definitions")
        for resource in APIScheme.resources {
            let name = "\(resource.plural).\(resource.group)"
            guard (try? await client.get(CustomResourceInstaller.gvk, namespace: nil, name: name)) != nil else { continue }
            failures += await delete(CustomResourceInstaller.gvk, namespace: nil, name: name, client: client, suffix: suffix)
        }
        if !keepNamespace {
            let namespaceKind = GroupVersionKind(group: "", version: "v1", kind: "Namespace")
            if (try? await client.get(namespaceKind, namespace: nil, name: namespace)) != nil {
                failures += await delete(namespaceKind, namespace: nil, name: namespace, client: client, suffix: suffix)
            }
        }
        guard failures == 0 else { throw CLIError("uninstall finished with \(failures) failures", hint: "see the lines marked ✗ above") }
        Terminal.err("✔ uninstall finished")
    }

    /// Deletes one object, printing the outcome; returns 1 on failure, 0 otherwise.
    private func delete(_ kind: GroupVersionKind, namespace: String?, name: String, client: KubernetesClient, suffix: String) async -> Int {
        let label = "\(kind.kind)/" + (namespace.map { "\($0)/" } ?? "") + name
        do {
            try await client.delete(kind, namespace: namespace, name: name, propagationPolicy: .background, dryRun: dryRun)
            Terminal.err("✔ \(label) deleted\(suffix)")
            return 0
        } catch {
            Terminal.err("✗ \(label) deletion failed: \(error)")
            return 1
        }
    }
}
