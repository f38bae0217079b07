import SluiceCore
import SluiceKube

/// The objects a HelmRelease's release holds, for `tree` and `trace`.
struct HelmReleaseObjects {
    /// The cluster.
    var client: KubernetesClient

    /// `status.inventory` when the controller recorded one (Flux's helm-controller does), in its order.
    ///
    /// A HelmRelease that targets another cluster (`spec.kubeConfig`) has none here: its objects live elsewhere.
    func identifiers(of release: HelmReleaseView) async throws -> [ResourceIdentifier] {
        if release.object["spec", "kubeConfig"] != nil { return [] }
        return TreeCommand.inventory(of: release.object)
    }
}
