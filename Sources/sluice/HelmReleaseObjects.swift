import HelmController
import SluiceCore
import SluiceKube

/// The objects a HelmRelease's release holds, for `tree` and `trace`.
struct HelmReleaseObjects {
    /// The cluster.
    var client: KubernetesClient

    /// `status.inventory` when the controller recorded one (Flux's helm-controller does), in its order; else the
    /// objects of the latest release's manifest, read from Helm's storage Secret (as `flux tree` reads them), with
    /// namespaced objects that name no namespace put in the release's namespace.
    ///
    /// A HelmRelease that targets another cluster (`spec.kubeConfig`) has none here: its objects live elsewhere. One
    /// whose latest release is not in storage (never released, or uninstalled) has none either.
    ///
    /// - Throws: ``CLIError`` naming the HelmRelease and the storage Secret when the Secret cannot be decoded or its
    ///   manifest read.
    func identifiers(of release: HelmReleaseView) async throws -> [ResourceIdentifier] {
        if release.object["spec", "kubeConfig"] != nil { return [] }
        if release.object["status", "inventory"] != nil { return TreeCommand.inventory(of: release.object) }
        guard let latest = release.latest, let version = latest["version"]?.intValue.flatMap({ Int(exactly: $0) }), let name = latest["name"]?.stringValue else { return [] }
        let secret = "\(release.storageNamespace)/\(SecretReleaseStorage.secretName(release: name, version: version))"
        let objects: [KubeObject]
        do {
            guard let record = try await SecretReleaseStorage(client: client, namespace: release.storageNamespace).get(name: name, version: version)
            else { return [] }
            objects = try ManifestReader().objects(record.manifest, source: secret)
        } catch {
            throw CLIError("cannot read the release of HelmRelease \(release.namespace)/\(release.object.name) from Secret \(secret): \(error)",
                           hint: "the Secret is Helm's storage of the release; check it with: kubectl get secret -n \(release.storageNamespace)")
        }
        var identifiers: [ResourceIdentifier] = []
        for object in objects {
            var namespace = object.namespace ?? ""
            if namespace.isEmpty, (try? await client.mapper.mapping(for: object.gvk))?.namespaced == true {
                namespace = release.releaseNamespace
            }
            identifiers.append(ResourceIdentifier(namespace: namespace, name: object.name, group: object.gvk.group, kind: object.gvk.kind))
        }
        return identifiers
    }
}
